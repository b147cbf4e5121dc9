import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { CommunityFeature, FacilityFeature } from '../../coverage/types.ts'
import { meters } from '../../geo/units.ts'
import { suggestSites } from '../../siting/suggest-sites.ts'
import { formatFigure } from './format-figure.ts'
import { gapsGeoJson } from './gaps-geojson.ts'
import type { ExportProvenance } from './provenance.ts'
import { suggestedSitesGeoJson } from './sites-geojson.ts'

const demo = <T>(name: string): T[] =>
  (
    JSON.parse(
      readFileSync(new URL(`../../../../../data/demo/${name}`, import.meta.url), 'utf8'),
    ) as { features: T[] }
  ).features

const PROVENANCE: ExportProvenance = {
  data_source: '示范数据 generated demo data',
  data_vintage: '2026',
  app_version: '0.1.0',
  generated_at: '2026-12-03T08:00:00.000Z',
}

describe('GeoJSON exports', () => {
  it('suggested sites: points with rank and formatted gains, provenance on top', () => {
    const result = suggestSites({
      communities: demo<CommunityFeature>('communities.geojson'),
      facilities: demo<FacilityFeature>('facilities.geojson'),
      category: 'childcare',
      reachM: meters(1000),
      k: 3,
    })
    const fc = suggestedSitesGeoJson(result, PROVENANCE)
    // A valid GeoJSON text: foreign members survive a JSON round trip.
    const back = JSON.parse(JSON.stringify(fc)) as typeof fc
    expect(back.type).toBe('FeatureCollection')
    expect(back.provenance).toMatchObject({
      data_source: PROVENANCE.data_source,
      data_vintage: '2026',
      category: 'childcare',
      target_group: 'infants',
      reach_m: 1000,
      gains: 'sampled on the demand grid',
    })
    expect(back.features).toHaveLength(result.sites.length)
    back.features.forEach((f, i) => {
      const s = result.sites[i]!
      expect(f.geometry.type).toBe('Point')
      expect(f.properties.rank).toBe(i + 1)
      expect(f.properties.gain_people).toBe(formatFigure('people', s.gain_people))
      expect(f.properties.gain_pp).toBe(formatFigure('pp', s.gain_pp))
      expect(f.properties.cumulative_pp).toBe(formatFigure('pp', s.cumulative_pp))
      expect(Math.abs(f.geometry.coordinates[0]! - s.lon)).toBeLessThan(1e-7)
    })
  })

  it('gaps: the features passed through unchanged, with the result’s provenance', () => {
    const gaps = {
      type: 'FeatureCollection' as const,
      features: [
        {
          type: 'Feature' as const,
          properties: { community_id: 'a', category: 'store' },
          geometry: {
            type: 'MultiPolygon' as const,
            coordinates: [
              [
                [
                  [121, 31],
                  [121.001, 31],
                  [121.001, 31.001],
                  [121, 31],
                ],
              ],
            ],
          },
        },
      ],
    }
    const out = gapsGeoJson(
      gaps,
      {
        method: 'exact',
        settings: {
          method: 'exact',
          categories: [{ code: 'store', reach_m: meters(300), target_group: 'all' }],
          distance: 'great-circle, sphere R = 6371008.8 m',
          population_placement: 'even',
        },
      },
      PROVENANCE,
    )
    expect(out.features).toBe(gaps.features)
    expect(out.provenance).toMatchObject({
      reach: 'store 300 m, all',
      data_vintage: '2026',
      min_gap_area_m2: 100,
    })
    expect(String(out.provenance.method)).toMatch(/^exact: .*evenly/)
  })
})
