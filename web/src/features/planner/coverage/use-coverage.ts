import { useQuery } from '@tanstack/react-query'
import { useEffect, useMemo, useState } from 'react'
import type {
  CoverageInput,
  CoverageSettings,
  PopulationFeature,
} from '../../../core/coverage/types.ts'
import type { CategoryRow, CommunityRow, FacilityRow } from '../../../data/row-schemas.ts'
import { COMPLETE, useCoverageStore } from '../../../state/coverage-store.ts'
import { useMapStore } from '../../../state/map-store.ts'
import { coverageClient } from '../../../workers/coverage-client.ts'
import { isAbortError } from '../../../workers/latest-wins.ts'
import {
  communityFeature,
  coverageDataFromRows,
  plannerSettings,
  facilityFeature,
  populationFeatures,
  reachMeters,
} from './coverage-input.ts'
import type { CoverageResult } from '../../../core/coverage/types.ts'
import { demoPopulationUrl } from './demo-population.ts'

export interface CoverageState {
  result: CoverageResult | null
  /** The settings of the newest request (the result's may be older while pending). */
  settings: CoverageSettings | null
  /** The city's data the worker keeps (what scenarios and suggestions run on). */
  data: Omit<CoverageInput, 'settings'> | null
  /** Wall time of the last answered request, worker round trip included, ms. */
  elapsedMs: number | null
  /** A newer request is being computed (the shown result is older). */
  pending: boolean
  error: Error | null
  /** Number of population blocks placing people, 0 when spread evenly. */
  populationBlocks: number
}

/** The bundled demo city's population blocks, only when the demo city is what is shown. */
function useDemoPopulation(enabled: boolean) {
  const url = demoPopulationUrl()
  return useQuery({
    queryKey: ['demo-asset', 'population-blocks', url],
    queryFn: async (): Promise<PopulationFeature[]> => {
      const response = await fetch(url as string)
      if (!response.ok) throw new Error(`population blocks: HTTP ${response.status}`)
      return populationFeatures(await response.json())
    },
    enabled: enabled && url !== null,
    staleTime: Infinity,
  })
}

export interface UseCoverageArgs {
  categories: readonly CategoryRow[] | undefined
  communities: readonly CommunityRow[] | undefined
  facilities: readonly FacilityRow[] | undefined
  /** The demo city is shown: place people by its bundled 小区 blocks. */
  demo: boolean
}

/**
 * Coverage of the shown communities by the shown facilities, computed in the coverage worker
 * (exact method) whenever the rows or the reach change. Requests are latest-wins: a superseded
 * one rejects with an AbortError, which is not an error for the user.
 */
export function useCoverage({
  categories,
  communities,
  facilities,
  demo,
}: UseCoverageArgs): CoverageState {
  const minutes = useCoverageStore((s) => s.minutes)
  const speedKmh = useCoverageStore((s) => s.speedKmh)
  const overrides = useCoverageStore((s) => s.reachOverrides)
  const blocks = useDemoPopulation(demo)
  // Wait for the blocks while they load; without them (failed, none bundled) spread people evenly.
  const blocksSettled = !demo || demoPopulationUrl() === null || !blocks.isPending
  const population = blocks.data

  // Data and settings apart: a slider move keeps the data arrays, so the worker, which keeps
  // them and their preparation, is sent only the settings.
  const data = useMemo(
    () =>
      communities && facilities && blocksSettled
        ? coverageDataFromRows({ communities, facilities, population })
        : null,
    [communities, facilities, blocksSettled, population],
  )
  const settings = useMemo(
    () => (categories ? plannerSettings(categories, minutes, speedKmh, overrides) : null),
    [categories, minutes, speedKmh, overrides],
  )
  const input = useMemo(() => (data && settings ? { ...data, settings } : null), [data, settings])

  const [state, setState] = useState<Pick<CoverageState, 'result' | 'elapsedMs' | 'error'>>({
    result: null,
    elapsedMs: null,
    error: null,
  })
  const [pending, setPending] = useState(false)

  // Start the worker (its script and the engine) while the data is still on its way.
  useEffect(() => void coverageClient(), [])

  useEffect(() => {
    if (!input) return
    const controller = new AbortController()
    const started = performance.now()
    setPending(true)
    coverageClient()
      .computeCoverage(input, controller.signal)
      .then(
        (result) => {
          setState({ result, elapsedMs: performance.now() - started, error: null })
          setPending(false)
        },
        (error: unknown) => {
          if (isAbortError(error)) return
          setState((s) => ({
            ...s,
            error: error instanceof Error ? error : new Error(String(error)),
          }))
          setPending(false)
        },
      )
    return () => controller.abort()
  }, [input])

  return {
    ...state,
    settings,
    data,
    pending,
    populationBlocks: input?.population?.length ?? 0,
  }
}

export interface GapFeatureProps {
  id: string
  category: string
  reach_m: number
  gap_area_m2: number
}
export type GapCollection = GeoJSON.FeatureCollection<GeoJSON.MultiPolygon, GapFeatureProps>

/**
 * The selected community's gaps for the chosen category (for the complete life circle, one
 * gap per category: together they are where some service is out of reach), drawn with Turf
 * circles in the worker. Null while none is selected or being computed.
 */
export function useSelectedGaps({
  categories,
  communities,
  facilities,
}: Omit<UseCoverageArgs, 'demo'>): GapCollection | null {
  const selection = useMapStore((s) => s.selection)
  const category = useCoverageStore((s) => s.category)
  const minutes = useCoverageStore((s) => s.minutes)
  const speedKmh = useCoverageStore((s) => s.speedKmh)
  const [gaps, setGaps] = useState<{ key: string; data: GapCollection } | null>(null)

  const communityId = selection?.kind === 'community' ? selection.id : null
  const row = communityId ? communities?.find((c) => c.id === communityId) : undefined
  const codes = useMemo(
    () =>
      category === COMPLETE
        ? (categories ?? []).map((c) => c.code)
        : (categories ?? []).some((c) => c.code === category)
          ? [category]
          : [],
    [categories, category],
  )
  const key = row ? `${row.id}|${codes.join()}|${minutes}|${speedKmh}` : ''

  useEffect(() => {
    if (!row || !facilities || codes.length === 0) return
    const controller = new AbortController()
    const community = communityFeature(row)
    const reach = reachMeters(minutes, speedKmh)
    const run = async () => {
      const features: GapCollection['features'] = []
      // One after another: the worker's gap lane is latest-wins, so parallel asks would abort.
      for (const code of codes) {
        const own = facilities.filter((f) => f.category === code).map(facilityFeature)
        const gap = await coverageClient().exactGaps(
          community,
          own,
          reach,
          undefined,
          controller.signal,
        )
        features.push({ ...gap, properties: { ...gap.properties, category: code } })
      }
      setGaps({ key, data: { type: 'FeatureCollection', features } })
    }
    run().catch((error: unknown) => {
      if (!isAbortError(error)) console.error('gap polygons', error)
    })
    return () => controller.abort()
  }, [row, facilities, codes, minutes, speedKmh, key])

  return gaps && gaps.key === key ? gaps.data : null
}
