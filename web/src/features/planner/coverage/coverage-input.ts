import type {
  CommunityFeature,
  CoverageInput,
  CoverageSettings,
  FacilityFeature,
  PopulationFeature,
  TargetGroup,
} from '../../../core/coverage/types.ts'
import {
  kmPerHour,
  minutes as asMinutes,
  walkDistance,
  type Meters,
} from '../../../core/geo/units.ts'
import { PACE_KMH } from '../../../core/catalog/paces.ts'
import type { CategoryRow, CommunityRow, FacilityRow } from '../../../data/row-schemas.ts'

/**
 * Straight-line reach in metres of `minutes` walking at `speedKmh` (circle mode).
 * GB 50180-2018: the 15-minute circle is an 800–1,000 m walk; 15 × 4 km/h = 1,000 m.
 */
export function reachMeters(minutes: number, speedKmh: number): Meters {
  return walkDistance(asMinutes(minutes), kmPerHour(speedKmh))
}

/** The catalogue's `target_group` as the engine reads it; anything unknown counts everyone. */
export function targetGroupOf(value: string | null | undefined): TargetGroup {
  return value === 'elderly' || value === 'infants' ? value : 'all'
}

export function communityFeature(row: CommunityRow): CommunityFeature {
  return {
    type: 'Feature',
    geometry: row.boundary as CommunityFeature['geometry'],
    properties: {
      id: row.id,
      name: row.name,
      population: row.population ?? 0,
      population_elderly: row.population_elderly ?? null,
      population_infants: row.population_infants ?? null,
    },
  }
}

export function facilityFeature(row: FacilityRow): FacilityFeature {
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [row.lon, row.lat] },
    properties: {
      id: row.id,
      category: row.category,
      status: row.status,
      capacity: row.capacity ?? null,
      name: row.name,
    },
  }
}

export interface CoverageRows {
  categories: readonly CategoryRow[]
  communities: readonly CommunityRow[]
  facilities: readonly FacilityRow[]
  population?: readonly PopulationFeature[] | undefined
  minutes: number
  speedKmh: number
}

/** The city's data part of the engine's input (no settings): what the worker keeps. */
export type CoverageData = Omit<CoverageInput, 'settings'>

/**
 * The database's rows as the coverage engine's data: communities, facilities and the
 * population layer. Built apart from the settings so that a slider move keeps the very same
 * arrays, and the worker, holding them already, is sent only the settings.
 */
export function coverageDataFromRows(
  rows: Pick<CoverageRows, 'communities' | 'facilities' | 'population'>,
): CoverageData {
  const data: CoverageData = {
    communities: rows.communities.map(communityFeature),
    facilities: rows.facilities.map(facilityFeature),
  }
  if (rows.population && rows.population.length > 0) data.population = [...rows.population]
  return data
}

/** Exact method, one reach for every category (the minutes slider). */
export function coverageSettingsFromRows(
  rows: Pick<CoverageRows, 'categories' | 'minutes' | 'speedKmh'>,
): CoverageSettings {
  const reach = reachMeters(rows.minutes, rows.speedKmh)
  return {
    method: 'exact',
    categories: rows.categories.map((c) => ({
      code: c.code,
      reach_m: reach,
      target_group: targetGroupOf(c.target_group),
    })),
  }
}

/** A category's reach choice (see `ReachOverride` in the coverage store). */
export type ReachChoice =
  { kind: 'pace'; pace: 'ordinary' | 'elderly' } | { kind: 'metres'; metres: number }

/**
 * Straight-line metres of one category: its own choice (a cohort's pace for the shared minutes,
 * or metres), else the shared minutes × speed.
 * @example categoryReachM(15, 4, { kind: 'pace', pace: 'elderly' }) // 750
 */
export function categoryReachM(
  minutes: number,
  speedKmh: number,
  choice: ReachChoice | undefined,
): Meters {
  if (choice?.kind === 'metres') return choice.metres as Meters
  if (choice?.kind === 'pace') return reachMeters(minutes, PACE_KMH[choice.pace])
  return reachMeters(minutes, speedKmh)
}

/** Exact method, each category at its own reach ({@link categoryReachM}). */
export function plannerSettings(
  categories: readonly CategoryRow[],
  minutes: number,
  speedKmh: number,
  choices: Readonly<Record<string, ReachChoice>>,
): CoverageSettings {
  return {
    method: 'exact',
    categories: categories.map((c) => ({
      code: c.code,
      reach_m: categoryReachM(minutes, speedKmh, choices[c.code]),
      target_group: targetGroupOf(c.target_group),
    })),
  }
}

/**
 * The database's rows as the coverage engine's input, exact method, one reach for every
 * category (the minutes slider). The same functions build the input in the app and in the
 * end-to-end test that recomputes the figures in Node.
 */
export function coverageInputFromRows(rows: CoverageRows): CoverageInput {
  return { ...coverageDataFromRows(rows), settings: coverageSettingsFromRows(rows) }
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)
const optionalNumber = (v: unknown): number | null => (isNumber(v) ? v : null)

/**
 * The polygons of a population layer (e.g. the demo city's 小区 blocks) that the engine can
 * use: Polygon / MultiPolygon with a finite, non-negative `population`; others are dropped.
 */
export function populationFeatures(geojson: unknown): PopulationFeature[] {
  const features = (geojson as { features?: unknown } | null)?.features
  if (!Array.isArray(features)) return []
  const out: PopulationFeature[] = []
  for (const f of features as Array<{ geometry?: { type?: unknown }; properties?: unknown }>) {
    const type = f?.geometry?.type
    const p = (f?.properties ?? {}) as Record<string, unknown>
    if ((type !== 'Polygon' && type !== 'MultiPolygon') || !isNumber(p.population)) continue
    if (p.population < 0) continue
    out.push({
      type: 'Feature',
      geometry: f.geometry as PopulationFeature['geometry'],
      properties: {
        population: p.population,
        population_elderly: optionalNumber(p.population_elderly),
        population_infants: optionalNumber(p.population_infants),
      },
    })
  }
  return out
}
