import * as Comlink from 'comlink'
import {
  computeCoverage,
  type ComputeCoverageOptions,
  type CoverageCache,
} from '../core/coverage/compute-coverage.ts'
import { runExactCoverage } from '../core/coverage/exact-coverage.ts'
import { gapPolygons, type GapOptions } from '../core/coverage/gaps.ts'
import { createGridModel, type GapMask, type GridModel } from '../core/coverage/grid/grid-model.ts'
import { gapsFromGrid } from '../core/coverage/grid/vectorize.ts'
import { prepareCoverage, type PreparedCoverage } from '../core/coverage/prepare-coverage.ts'
import type {
  CommunityFeature,
  CoverageInput,
  CoverageResult,
  CoverageSettings,
  FacilityFeature,
} from '../core/coverage/types.ts'
import { assertValidCoverageInput } from '../core/coverage/validate-input.ts'
import {
  applyFacilityChange,
  type FacilityChange,
  type FacilityChangeResult,
} from '../core/coverage/what-if-update.ts'
import type { LngLat } from '../core/geo/units.ts'

/**
 * The staged fast model lives in the worker between calls, so moving the minutes slider or
 * dragging a what-if site sends a few numbers instead of the whole city.
 */
let model: GridModel | null = null
/** The exact method's prepared input and last figures, for what-if edits. */
let exact: { prep: PreparedCoverage; result: CoverageResult } | null = null
/**
 * The city's data for `computeKept`, with its preparation: moving the minutes control then
 * sends only settings and recomputes without preparing again (the demo city: ~150 → ~50 ms).
 */
let kept: { data: CoverageData; cache: CoverageCache } | null = null

/** The city's data part of a coverage input. */
export type CoverageData = Omit<CoverageInput, 'settings'>

function requireModel(): GridModel {
  if (!model) throw new Error('no grid model: call buildGridModel(input) first')
  return model
}

/**
 * What the coverage worker does: core functions, re-exported. Kept apart from
 * `coverage.worker.ts` (which only exposes it) so it is tested in Node without a worker.
 */
export const coverageApi = {
  /** Keeps the city's data (and, once computed, its preparation) for `computeKept`. */
  keepCoverageData(data: CoverageData): void {
    kept = { data, cache: {} }
  },
  /** `computeCoverage` of the kept data under these settings. */
  computeKept(settings: CoverageSettings, options?: ComputeCoverageOptions): CoverageResult {
    if (!kept) throw new Error('no data kept: call keepCoverageData(data) first')
    return computeCoverage({ ...kept.data, settings }, { ...options, cache: kept.cache })
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
  /** The grid model's gap of one community for one category, outlined (WGS-84 MultiPolygon). */
  gridGaps(communityId: string, category: string, minGapAreaM2?: number) {
    return gapsFromGrid(requireModel(), communityId, category, minGapAreaM2)
  },
  /** A selected community's gap drawn with Turf circles (exact method; for the map). */
  exactGaps(
    community: CommunityFeature,
    facilities: FacilityFeature[],
    reachM: number,
    options?: GapOptions,
  ) {
    return gapPolygons(community, facilities, reachM, options)
  },
  /** Prepares and keeps the exact method's input for what-if edits; returns its figures. */
  buildExactModel(input: CoverageInput): CoverageResult {
    assertValidCoverageInput(input)
    const prep = prepareCoverage(input)
    exact = { prep, result: runExactCoverage(prep) }
    return exact.result
  },
  /** Adds / removes facilities in the kept exact model, recomputing only the communities touched. */
  applyExactChange(change: FacilityChange): FacilityChangeResult {
    if (!exact) throw new Error('no exact model: call buildExactModel(input) first')
    const out = applyFacilityChange(exact.prep, exact.result, change)
    exact.result = out.result
    return out
  },
  /** Drops the kept models (frees their memory). */
  dropModels(): void {
    model = null
    exact = null
    kept = null
  },
}

export type CoverageApi = typeof coverageApi
