import type { Feature, FeatureCollection, Geometry, Point } from 'geojson'
import type { SuggestSitesResult } from '../../siting/suggest-sites.ts'
import { formatFigure } from './format-figure.ts'
import type { ExportProvenance } from './provenance.ts'

/** Properties of one suggested site in the exported GeoJSON. */
export interface SuggestedSiteProps {
  rank: number
  category: string
  community_id: string
  community_name: string
  /** People of the target group newly within reach, given the sites ranked before it. */
  gain_people: number
  /** gain_people as percentage points of the city's target group. */
  gain_pp: number
  cumulative_people: number
  cumulative_pp: number
}

/** A FeatureCollection with a top-level `provenance` member (a foreign member, RFC 7946 §6.1). */
export type ProvenancedCollection<G extends Geometry, P> = FeatureCollection<G, P> & {
  provenance: Record<string, unknown>
}

/**
 * The suggested sites as GeoJSON points (`rank`, `gain_people`, `gain_pp`, cumulative figures),
 * with how they were found in a top-level `provenance`: data, reach, target group, candidate
 * spacing, demand grid, whether gains are sampled or the engine's, capacity, totals. Figures
 * go through {@link formatFigure}; coordinates are rounded to 7 decimals (~1 cm).
 * @example suggestedSitesGeoJson(suggestSites(input), provenance).features[0].properties.gain_people
 */
export function suggestedSitesGeoJson(
  result: SuggestSitesResult,
  provenance: ExportProvenance,
): ProvenancedCollection<Point, SuggestedSiteProps> {
  const features: Feature<Point, SuggestedSiteProps>[] = result.sites.map((s) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [round7(s.lon), round7(s.lat)] },
    properties: {
      rank: s.rank,
      category: result.category,
      community_id: s.community_id,
      community_name: s.community_name,
      gain_people: formatFigure('people', s.gain_people)!,
      gain_pp: formatFigure('pp', s.gain_pp)!,
      cumulative_people: formatFigure('people', s.cumulative_people)!,
      cumulative_pp: formatFigure('pp', s.cumulative_pp)!,
    },
  }))
  return {
    type: 'FeatureCollection',
    provenance: {
      kind: 'suggested sites (建议新址): greedy maximal covering, lazy evaluation',
      ...provenance,
      category: result.category,
      target_group: result.target_group,
      reach_m: formatFigure('metres', result.reach_m),
      distance: 'straight line, great-circle, sphere R = 6371008.8 m',
      target_population: formatFigure('people', result.target_population),
      baseline_covered_people: formatFigure('people', result.baseline_covered_people),
      gains:
        result.gains === 'engine'
          ? 'measured by the exact coverage engine'
          : 'sampled on the demand grid',
      capacity: result.capacity,
      capacity_rule:
        result.capacity === null
          ? null
          : 'each new site serves at most `capacity` people of the target group, nearest first; existing facilities serve everyone within reach',
      candidates: result.candidates,
      candidates_m: result.candidates_m,
      demand_cell_m: result.demand_cell_m,
      population_placement: result.placement,
      warnings: result.warnings,
    },
    features,
  }
}

function round7(v: number): number {
  return Math.round(v * 1e7) / 1e7
}
