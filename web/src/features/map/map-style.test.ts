import { createExpression, featureFilter, validateStyleMin } from '@maplibre/maplibre-gl-style-spec'
import type { FilterSpecification } from 'maplibre-gl'
import { describe, expect, it } from 'vitest'
import { coverageIds } from './coverage/coverage-layers.ts'
import {
  buildMapStyle,
  categoryColor,
  clusterCounts,
  clusterFilter,
  clusterProperties,
  ids,
  pointFilter,
  selectedFacilityFilter,
} from './map-style.ts'

const categories = [
  { code: 'canteen', color: '#d9480f' },
  { code: 'childcare', color: '#ae3ec9' },
  { code: 'fitness', color: '#2b8a3e' },
  { code: 'store', color: '#1971c2' },
]
const basemap = {
  boundary: 'http://localhost:4173/assets/boundary.geojson',
  water: 'http://localhost:4173/assets/water.geojson',
  parks: 'http://localhost:4173/assets/parks.geojson',
  streets: 'http://localhost:4173/assets/streets.geojson',
}

const passes = (filter: FilterSpecification, properties: Record<string, unknown>) =>
  featureFilter(filter, 'test').filter({ zoom: 14 }, { type: 'Point', properties })

describe('buildMapStyle', () => {
  const style = buildMapStyle({ basemap, categories })

  it('is a valid MapLibre style', () => {
    expect(validateStyleMin(style).map((e) => e.message)).toEqual([])
  })

  it('needs nothing from the network: no glyphs, sprites, symbol layers or remote data', () => {
    expect(style.glyphs).toBeUndefined()
    expect(style.sprite).toBeUndefined()
    expect(style.layers.filter((l) => l.type === 'symbol')).toEqual([])
    for (const source of Object.values(style.sources)) {
      expect(source.type).toBe('geojson')
      const data = 'data' in source ? source.data : undefined
      if (typeof data === 'string') expect(new URL(data).hostname).toBe('localhost')
    }
  })

  it('draws the basemap under communities and facilities on top', () => {
    const order = style.layers.map((l) => l.id)
    expect(order[0]).toBe('background')
    expect(order.indexOf('water-fill')).toBeLessThan(order.indexOf(ids.communitiesFill))
    expect(order.indexOf(ids.communitiesFill)).toBeLessThan(order.indexOf('streets'))
    expect(order.slice(-3)).toEqual([ids.clusters, ids.points, ids.selectedFacility])
  })

  it('draws the coverage choropleth under the streets and the gaps under the facilities', () => {
    const order = style.layers.map((l) => l.id)
    expect(order.indexOf(ids.communitiesFill)).toBeLessThan(order.indexOf(coverageIds.fill))
    expect(order.indexOf(coverageIds.noData)).toBeLessThan(order.indexOf('streets'))
    expect(order.indexOf(ids.selectedCommunity)).toBeLessThan(order.indexOf(coverageIds.gapsFill))
    expect(order.indexOf(coverageIds.gapsLine)).toBeLessThan(order.indexOf(ids.clusters))
  })

  it('clusters the facilities source and counts each category inside clusters', () => {
    const source = style.sources[ids.facilitiesSource]
    expect(source).toMatchObject({ type: 'geojson', cluster: true })
    expect(Object.keys(clusterProperties(categories)).sort()).toEqual([
      'n_canteen',
      'n_childcare',
      'n_fitness',
      'n_store',
    ])
  })

  it('leaves basemap layers out when there is no demo city', () => {
    const bare = buildMapStyle({ basemap: {}, categories })
    expect(Object.keys(bare.sources).sort()).toEqual(
      [
        ids.communitiesSource,
        ids.facilitiesSource,
        coverageIds.source,
        coverageIds.gapsSource,
      ].sort(),
    )
    expect(validateStyleMin(bare)).toEqual([])
  })
})

describe('category filters', () => {
  it('show only points of visible categories, never clusters', () => {
    const filter = pointFilter(['canteen', 'fitness'])
    expect(passes(filter, { id: 'a', category: 'canteen' })).toBe(true)
    expect(passes(filter, { id: 'b', category: 'store' })).toBe(false)
    expect(passes(filter, { cluster: true, point_count: 3, cluster_id: 1, n_canteen: 3 })).toBe(
      false,
    )
    expect(passes(pointFilter([]), { id: 'a', category: 'canteen' })).toBe(false)
  })

  it('hide clusters holding only hidden categories', () => {
    const storesOnly = {
      cluster: true,
      point_count: 5,
      n_canteen: 0,
      n_childcare: 0,
      n_fitness: 0,
      n_store: 5,
    }
    expect(passes(clusterFilter(['canteen']), storesOnly)).toBe(false)
    expect(passes(clusterFilter(['canteen', 'store']), storesOnly)).toBe(true)
    expect(passes(clusterFilter([]), storesOnly)).toBe(false)
    expect(passes(clusterFilter(['store']), { id: 'a', category: 'store' })).toBe(false)
  })

  it('highlight exactly the selected facility', () => {
    expect(passes(selectedFacilityFilter('f1'), { id: 'f1', category: 'store' })).toBe(true)
    expect(passes(selectedFacilityFilter('f1'), { id: 'f2', category: 'store' })).toBe(false)
    expect(passes(selectedFacilityFilter(null), { id: 'f1', category: 'store' })).toBe(false)
  })
})

describe('categoryColor', () => {
  const evaluate = (category: string) => {
    const parsed = createExpression(categoryColor(categories), 'test', {
      type: 'color',
      'property-type': 'data-driven',
      expression: { interpolated: false, parameters: ['zoom', 'feature'] },
      transition: false,
    } as never)
    if (parsed.result !== 'success') throw new Error(JSON.stringify(parsed.value))
    return parsed.value
      .evaluate({ zoom: 14 }, { type: 'Point', properties: { category } })
      .toString()
  }

  it('gives each category its catalogue colour and unknown ones grey', () => {
    expect(evaluate('canteen')).toBe('rgba(217,72,15,1)')
    expect(evaluate('store')).toBe('rgba(25,113,194,1)')
    expect(evaluate('kindergarten')).toBe('rgba(107,114,128,1)')
  })
})

describe('clusterCounts', () => {
  it('reads the per-category counts MapLibre aggregated into a cluster', () => {
    const props = { cluster: true, point_count: 7, n_canteen: 2, n_store: 5 }
    expect(Object.fromEntries(clusterCounts(props, ['canteen', 'childcare', 'store']))).toEqual({
      canteen: 2,
      childcare: 0,
      store: 5,
    })
  })
})
