import { createExpression, featureFilter, validateStyleMin } from '@maplibre/maplibre-gl-style-spec'
import type { FilterSpecification } from 'maplibre-gl'
import { describe, expect, it } from 'vitest'
import {
  buildMapStyle,
  categoryColor,
  clusterColor,
  clusterCounts,
  clusterFilter,
  clusterProperties,
  ids,
  pointFilter,
  selectedFacilityFilter,
  slotAnchors,
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

/** Evaluates a data expression on a feature, as MapLibre does when it paints it. */
const passesValue = (expression: unknown, properties: Record<string, unknown>) => {
  const parsed = createExpression(expression, 'layers[0].paint.circle-color', {
    type: 'color',
    'property-type': 'data-driven',
    expression: { interpolated: false, parameters: ['zoom', 'feature'] },
  } as never)
  if (parsed.result !== 'success') throw new Error(JSON.stringify(parsed.value))
  const value = parsed.value.evaluate({ zoom: 14 }, { type: 'Point', properties } as never) as {
    toString(): string
  }
  return colorHex(value)
}
/** A style-spec Color (r, g, b premultiplied 0–1) as #rrggbb. */
function colorHex(c: unknown): string {
  if (typeof c === 'string') return c
  const { r, g, b } = c as { r: number; g: number; b: number }
  const h = (n: number) =>
    Math.round(n * 255)
      .toString(16)
      .padStart(2, '0')
  return `#${h(r)}${h(g)}${h(b)}`
}

const passes = (filter: FilterSpecification, properties: Record<string, unknown>) =>
  featureFilter(filter, 'test').filter({ zoom: 14 }, { type: 'Point', properties })

describe('buildMapStyle', () => {
  const style = buildMapStyle({ basemap, categories })

  it('is a valid MapLibre style', () => {
    expect(validateStyleMin(style).map((e) => e.message)).toEqual([])
  })

  it('needs nothing from the network: no glyphs, sprites or remote data', () => {
    expect(style.glyphs).toBeUndefined()
    expect(style.sprite).toBeUndefined()
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
    const dots = order.indexOf(ids.clusters)
    expect(order.slice(dots, dots + 3)).toEqual([ids.clusters, ids.points, ids.selectedFacility])
    // Text above every shape, and the top slot above all.
    expect(order.indexOf(ids.clusterCounts)).toBeGreaterThan(order.indexOf(ids.points))
    expect(order.at(-1)).toBe(slotAnchors.top)
  })

  it('has slots for features: areas under the streets, lines under the facilities', () => {
    const order = style.layers.map((l) => l.id)
    expect(order.indexOf(ids.communitiesFill)).toBeLessThan(order.indexOf(slotAnchors.areas))
    expect(order.indexOf(slotAnchors.areas)).toBeLessThan(order.indexOf('streets'))
    expect(order.indexOf(ids.selectedCommunity)).toBeLessThan(order.indexOf(slotAnchors.lines))
    expect(order.indexOf(slotAnchors.lines)).toBeLessThan(order.indexOf(ids.clusters))
  })

  it('labels communities, clusters and facilities without a glyph server', () => {
    expect(style.glyphs).toBeUndefined()
    const symbols = style.layers.filter((l) => l.type === 'symbol').map((l) => l.id)
    expect(symbols.sort()).toEqual(
      [ids.clusterCounts, ids.communityLabels, ids.facilityLabels].sort(),
    )
  })

  it('colours a cluster by the category it holds most of', () => {
    const expr = clusterColor(categories, ['canteen', 'store'])
    const colour = (props: Record<string, number>) =>
      passesValue(expr, { cluster: true, point_count: 9, cluster_id: 1, ...props })
    expect(colour({ n_canteen: 5, n_store: 2 })).toBe(
      categories.find((c) => c.code === 'canteen')!.color,
    )
    expect(colour({ n_canteen: 1, n_store: 8 })).toBe(
      categories.find((c) => c.code === 'store')!.color,
    )
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
      [ids.communitiesSource, ids.facilitiesSource].sort(),
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
