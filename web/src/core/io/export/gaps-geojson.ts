import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson'
import type { CoverageResult } from '../../coverage/types.ts'
import { methodNote, reachNote, type ExportProvenance } from './provenance.ts'
import type { ProvenancedCollection } from './sites-geojson.ts'

/**
 * Gap polygons (the parts of communities out of reach, as the map shows them) with the
 * provenance of the coverage result they belong to in a top-level `provenance` member. The
 * features are passed through unchanged, so the file draws exactly what the map drew.
 * @example gapsGeoJson(gaps, result, provenance).provenance.method
 */
export function gapsGeoJson<P>(
  gaps: FeatureCollection<Polygon | MultiPolygon, P>,
  result: Pick<CoverageResult, 'method' | 'settings'>,
  provenance: ExportProvenance,
): ProvenancedCollection<Polygon | MultiPolygon, P> {
  return {
    type: 'FeatureCollection',
    provenance: {
      kind: 'coverage gaps (覆盖缺口): community parts out of reach',
      ...provenance,
      reach: reachNote(result, provenance.reach_notes),
      method: methodNote(result),
      min_gap_area_m2: result.settings.min_gap_area_m2 ?? 100,
    },
    features: gaps.features,
  }
}
