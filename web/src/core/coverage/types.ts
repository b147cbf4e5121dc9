import type { Feature, MultiPolygon, Point, Polygon } from 'geojson'
import type { Meters } from '../geo/units.ts'

/** Who a category serves: the population counted in its population share. */
export type TargetGroup = 'all' | 'elderly' | 'infants'

/** Properties of a community polygon as the coverage engine reads them. */
export interface CommunityProps {
  id: string
  name: string
  population: number
  population_elderly?: number | null
  population_infants?: number | null
}
export type CommunityFeature = Feature<Polygon | MultiPolygon, CommunityProps>

/** Properties of a facility point. Only `status === 'open'` (or missing) counts by default. */
export interface FacilityProps {
  id: string
  category: string
  status?: 'open' | 'closed' | 'planned' | null
  capacity?: number | null
  name?: string
}
export type FacilityFeature = Feature<Point, FacilityProps>

/** A polygon of the finer population layer (census block, building footprint). */
export interface PopulationProps {
  population: number
  population_elderly?: number | null
  population_infants?: number | null
}
export type PopulationFeature = Feature<Polygon | MultiPolygon, PopulationProps>

export type CoverageMethod = 'exact' | 'fast'

export interface CategorySetting {
  code: string
  /** Straight-line reach in metres (circle mode). */
  reach_m: Meters
  target_group: TargetGroup
}

export interface CoverageSettings {
  categories: CategorySetting[]
  method: CoverageMethod
  /** Statuses that count as serving residents; default ['open']. A scenario may add 'planned'. */
  count_statuses?: Array<'open' | 'closed' | 'planned'>
  /** Grid cell size of the fast method, metres (default 10). */
  cell_m?: Meters
  /** Gap pieces smaller than this are dropped (default 100 m²). */
  min_gap_area_m2?: number
}

export interface CoverageInput {
  communities: CommunityFeature[]
  facilities: FacilityFeature[]
  population?: PopulationFeature[]
  settings: CoverageSettings
}

export interface CategoryFigures {
  /** Share of the community's area within reach, in [0, 1]. */
  area_share: number
  /** Share of the target group within reach, in [0, 1]; null where that population is 0. */
  population_share: number | null
  population_covered: number
  facilities_in_reach: number
  /** Great-circle metres from residents to the nearest counted facility (null: none). */
  nearest_m_median: number | null
  nearest_m_p90: number | null
  /** 2SFCA capacity per 1,000 target people (null where no capacities are known). */
  capacity_per_1000: number | null
  /** True when the target-group figure was missing and total population was used. */
  target_fallback: boolean
  /**
   * People of the category's target group in the community (after any fallback). Optional for
   * compatibility, but set it: city totals divide Σ population_covered by Σ of this.
   */
  target_population?: number
}

export interface CommunityResult {
  id: string
  name: string
  population: number
  area_m2: number
  categories: Record<string, CategoryFigures>
  /** Share of the population within reach of every selected category at once. */
  complete_share: number | null
}

export interface CityResult {
  population: number
  categories: Record<
    string,
    { area_share: number; population_share: number | null; population_covered: number }
  >
  complete_share: number | null
}

export interface CoverageResult {
  settings: CoverageSettings & {
    distance: 'great-circle, sphere R = 6371008.8 m'
    population_placement: 'even' | 'population-layer'
  }
  method: CoverageMethod
  communities: CommunityResult[]
  city: CityResult
  warnings: string[]
}

/** One signature for both methods. */
export type ComputeCoverage = (input: CoverageInput) => CoverageResult
