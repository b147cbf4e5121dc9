import { useEffect, useMemo, useState } from 'react'
import type { Feature, MultiPolygon } from 'geojson'
import type { GapProps } from '../../../core/coverage/coverage-model.ts'
import type { CoverageResult } from '../../../core/coverage/types.ts'
import { coverageClient } from '../../../workers/coverage-client.ts'
import { isAbortError } from '../../../workers/latest-wins.ts'
import type { CoverageState } from '../coverage/use-coverage.ts'
import { usePlannerStore } from '../planner-store.ts'

export interface ScenarioFigures {
  /** The scenario's figures; null without edits or while the first is computed. */
  result: CoverageResult | null
  pending: boolean
  /** Worker round trip of the last edit, ms. */
  elapsedMs: number | null
  error: Error | null
}

/**
 * The what-if scenario's figures: the baseline's data and settings with the store's edit log
 * applied in the worker's own scenario model (only the new edits cost anything). Asked only once
 * the baseline has answered for the same settings, so the worker holds the same data.
 */
export function useScenario(coverage: CoverageState): ScenarioFigures {
  const edits = usePlannerStore((s) => s.edits)
  const [state, setState] = useState<ScenarioFigures>({
    result: null,
    pending: false,
    elapsedMs: null,
    error: null,
  })
  const baseline = coverage.result
  const settings = baseline?.settings
  useEffect(() => {
    if (!baseline || !settings || edits.length === 0) {
      setState({ result: null, pending: false, elapsedMs: null, error: null })
      return
    }
    const controller = new AbortController()
    const started = performance.now()
    setState((s) => ({ ...s, pending: true }))
    const { distance: _d, population_placement: _p, ...plain } = settings
    coverageClient()
      .computeScenario(plain, edits, controller.signal)
      .then(
        (result) =>
          setState({
            result,
            pending: false,
            elapsedMs: performance.now() - started,
            error: null,
          }),
        (error: unknown) => {
          if (isAbortError(error)) return
          setState((s) => ({
            ...s,
            pending: false,
            error: error instanceof Error ? error : new Error(String(error)),
          }))
        },
      )
    return () => controller.abort()
  }, [baseline, settings, edits])
  return state
}

export type DistrictGap = Feature<MultiPolygon, GapProps & { id: string }>
export type DistrictGaps = GeoJSON.FeatureCollection<MultiPolygon, GapProps & { id: string }>

/**
 * Every community's gaps for the categories (the whole district), of the baseline or, when a
 * scenario is computed, of the scenario; computed in the worker, latest wins.
 */
export function useDistrictGaps(
  baseline: CoverageResult | null,
  scenario: CoverageResult | null,
  categories: readonly string[],
): DistrictGaps | null {
  const which = scenario ? 'scenario' : 'baseline'
  const basis = scenario ?? baseline
  const key = categories.join()
  const codes = useMemo(() => (key ? key.split(',') : []), [key])
  const [gaps, setGaps] = useState<{
    basis: CoverageResult
    key: string
    data: DistrictGaps
  } | null>(null)
  useEffect(() => {
    if (!basis || codes.length === 0) return
    const controller = new AbortController()
    coverageClient()
      .districtGaps(which, codes, controller.signal)
      .then(
        (features) =>
          setGaps({
            basis,
            key,
            data: {
              type: 'FeatureCollection',
              features: features.map((f) => ({
                ...f,
                properties: { ...f.properties, id: f.properties.community_id },
              })),
            },
          }),
        (error: unknown) => {
          if (!isAbortError(error)) console.error('district gaps', error)
        },
      )
    return () => controller.abort()
  }, [basis, which, codes, key])
  return gaps && gaps.basis === basis && gaps.key === key ? gaps.data : null
}
