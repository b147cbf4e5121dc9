import * as Comlink from 'comlink'
import { computeCoverage, type ComputeCoverageOptions } from '../core/coverage/compute-coverage.ts'
import { createGridModel, type GapMask, type GridModel } from '../core/coverage/grid-staged.ts'
import type { CoverageInput, CoverageResult, FacilityFeature } from '../core/coverage/types.ts'
import type { LngLat } from '../core/geo/units.ts'

/**
 * The staged fast model lives in the worker between calls, so moving the minutes slider or
 * dragging a what-if site sends a few numbers instead of the whole city.
 */
let model: GridModel | null = null

function requireModel(): GridModel {
  if (!model) throw new Error('no grid model: call buildGridModel(input) first')
  return model
}

/**
 * What the coverage worker does: core functions, re-exported. Kept apart from
 * `coverage.worker.ts` (which only exposes it) so it is tested in Node without a worker.
 */
export const coverageApi = {
  /** Exact or fast coverage (by `input.settings.method`), optionally for some communities only. */
  computeCoverage(input: CoverageInput, options?: ComputeCoverageOptions): CoverageResult {
    return computeCoverage(input, options)
  },
  /** Builds and keeps the staged fast model; returns its figures. */
  buildGridModel(input: CoverageInput): CoverageResult {
    model = createGridModel(input)
    return model.result()
  },
  /** Re-thresholds the kept model's distance fields at new reaches (metres per category). */
  thresholdGrid(reachByCategory: Readonly<Record<string, number>>): CoverageResult {
    return requireModel().threshold(reachByCategory)
  },
  addFacility(facility: FacilityFeature): CoverageResult {
    return requireModel().addFacility(facility)
  },
  moveFacility(id: string, to: LngLat): CoverageResult {
    return requireModel().moveFacility(id, to)
  },
  removeFacility(id: string): CoverageResult {
    return requireModel().removeFacility(id)
  },
  /** Uncovered cells of one community for one category; the mask's buffer is transferred. */
  gapMask(communityId: string, category: string): GapMask | null {
    const m = requireModel().gapMask(communityId, category)
    return m ? Comlink.transfer(m, [m.mask.buffer]) : null
  },
  /** Drops the kept model (frees its memory). */
  dropGridModel(): void {
    model = null
  },
}

export type CoverageApi = typeof coverageApi
