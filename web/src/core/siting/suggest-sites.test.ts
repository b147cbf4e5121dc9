import { readFileSync } from 'node:fs'
import { bbox, booleanPointInPolygon, distance, point } from '@turf/turf'
import type { Polygon } from 'geojson'
import { describe, expect, it } from 'vitest'
import { reachAtPace } from '../catalog/paces.ts'
import { computeCoverage } from '../coverage/compute-coverage.ts'
import type {
  CommunityFeature,
  FacilityFeature,
  PopulationFeature,
  TargetGroup,
} from '../coverage/types.ts'
import { unprojectStereographic } from '../geo/stereographic.ts'
import { meters, minutes } from '../geo/units.ts'
import { demandGrid } from './demand-grid.ts'
import { suggestedFacilities, suggestSites, targetGroupOf } from './suggest-sites.ts'

const demo = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../../data/demo/${name}`, import.meta.url), 'utf8'))
const communities = (demo('communities.geojson') as { features: CommunityFeature[] }).features
const facilities = (demo('facilities.geojson') as { features: FacilityFeature[] }).features
const blocks = (demo('population-blocks.geojson') as { features: PopulationFeature[] }).features

function engineCovered(
  code: string,
  reach: number,
  group: TargetGroup,
  extra: FacilityFeature[],
  population?: PopulationFeature[],
): number {
  const r = computeCoverage({
    communities,
    facilities: [...facilities, ...extra],
    population,
    settings: {
      method: 'exact',
      categories: [{ code, reach_m: meters(reach), target_group: group }],
    },
  })
  return r.city.categories[code]!.population_covered
}

describe('demandGrid', () => {
  it('holds every community’s target group, spread evenly or by blocks', () => {
    for (const population of [undefined, blocks]) {
      const d = demandGrid(communities, { group: 'elderly', cellM: 25, population })
      const sum = d.weight.reduce((a, b) => a + b, 0)
      const expected = communities.reduce((a, c) => a + (c.properties.population_elderly ?? 0), 0)
      expect(d.total).toBe(expected)
      expect(Math.abs(sum - expected)).toBeLessThan(1e-6 * expected)
      // Per community, too.
      const per = new Float64Array(communities.length)
      d.weight.forEach((w, c) => {
        const k = d.community[c]!
        if (k >= 0) per[k]! += w
      })
      communities.forEach((c, k) =>
        expect(per[k]!).toBeCloseTo(c.properties.population_elderly ?? 0, 6),
      )
      if (population) expect(d.byBlocks.every((b) => b === 1)).toBe(true)
    }
  })

  it('with blocks, people live in blocks (but for stand-ins of blocks smaller than a cell)', () => {
    const d = demandGrid(communities, { group: 'all', cellM: 25, population: blocks })
    const boxes = blocks.map((b) => bbox(b))
    let checked = 0
    let outside = 0
    for (let c = 0; c < d.weight.length; c += 5) {
      if (!(d.weight[c]! > 0)) continue
      checked++
      const x = d.grid.x0 + ((c % d.grid.nx) + 0.5) * d.grid.cell
      const y = d.grid.y0 + (Math.floor(c / d.grid.nx) + 0.5) * d.grid.cell
      const [lon, lat] = unprojectStereographic(d.grid.plane, x, y)
      const hit = blocks.some(
        (b, k) =>
          lon >= boxes[k]![0] &&
          lon <= boxes[k]![2] &&
          lat >= boxes[k]![1] &&
          lat <= boxes[k]![3] &&
          booleanPointInPolygon(point([lon, lat]), b),
      )
      if (!hit) outside++
    }
    expect(checked).toBeGreaterThan(500)
    expect(outside / checked).toBeLessThan(0.01)
  })
})

describe('suggestSites on the demo city', () => {
  it('takes the catalog’s target group and the elderly pace', () => {
    expect(targetGroupOf('canteen')).toBe('elderly')
    expect(targetGroupOf('childcare')).toBe('infants')
    expect(targetGroupOf('store')).toBe('all')
    expect(targetGroupOf('unknown')).toBe('all')
    expect(reachAtPace(minutes(15), 'elderly')).toBe(750)
  })

  for (const population of [undefined, blocks]) {
    const label = population ? 'population blocks' : 'people spread evenly'
    it(`${label}: the engine's covered people rise by the claimed gains`, () => {
      const reach = reachAtPace(minutes(15), 'elderly')
      const sample = suggestSites({
        communities,
        facilities,
        population,
        category: 'canteen',
        reachM: reach,
        k: 3,
      })
      const exact = suggestSites({
        communities,
        facilities,
        population,
        category: 'canteen',
        reachM: reach,
        k: 3,
        gains: 'engine',
      })
      // Same choice either way; only the measure of the gain differs.
      expect(exact.sites.map((s) => [s.lon, s.lat])).toEqual(
        sample.sites.map((s) => [s.lon, s.lat]),
      )
      expect(sample.sites).toHaveLength(3)
      const before = engineCovered('canteen', reach, 'elderly', [], population)
      const after = engineCovered(
        'canteen',
        reach,
        'elderly',
        suggestedFacilities(exact, 'open'),
        population,
      )
      const delta = after - before
      // Engine-measured gains: the very number (1e-6 relative: sums in another order).
      expect(Math.abs(exact.sites[2]!.cumulative_people - delta)).toBeLessThan(1e-6 * delta)
      // Sampled gains: within the sampling tolerance, 2% of the gain or 10 people.
      const claimed = sample.sites[2]!.cumulative_people
      expect(Math.abs(claimed - delta)).toBeLessThan(Math.max(10, 0.02 * delta))
      // Baseline on the grid against the engine's: within 0.5% of the elderly.
      expect(Math.abs(sample.baseline_covered_people - before)).toBeLessThan(
        0.005 * sample.target_population,
      )
      // pp of the city's elderly.
      const s = exact.sites[0]!
      expect(s.gain_pp).toBeCloseTo((s.gain_people / exact.target_population) * 100, 12)
      // Gains shrink (greedy on a submodular objective), sampled ones at least.
      expect(sample.sites[0]!.gain_people).toBeGreaterThanOrEqual(sample.sites[1]!.gain_people)
      expect(sample.sites[1]!.gain_people).toBeGreaterThanOrEqual(sample.sites[2]!.gain_people)
    })
  }

  it('puts sites inside communities, a drawn area or one community, apart from each other and from existing sites', () => {
    const inCommunity = (lon: number, lat: number, id: string): boolean =>
      booleanPointInPolygon(
        point([lon, lat]),
        communities.find((c) => c.properties.id === id)!,
      )
    const all = suggestSites({
      communities,
      facilities,
      category: 'store',
      reachM: meters(300),
      k: 6,
      minSpacingM: 600,
      minSpacingFromExistingM: 150,
    })
    expect(all.sites).toHaveLength(6)
    const stores = facilities.filter(
      (f) => f.properties.category === 'store' && (f.properties.status ?? 'open') === 'open',
    )
    for (const s of all.sites) {
      expect(inCommunity(s.lon, s.lat, s.community_id)).toBe(true)
      for (const t of all.sites)
        if (t !== s)
          expect(distance([s.lon, s.lat], [t.lon, t.lat], { units: 'meters' })).toBeGreaterThan(
            599.9,
          )
      for (const f of stores)
        expect(
          distance([s.lon, s.lat], f.geometry.coordinates, { units: 'meters' }),
        ).toBeGreaterThan(149.9)
    }
    const id = communities[5]!.properties.id
    const one = suggestSites({
      communities,
      facilities,
      category: 'fitness',
      reachM: meters(500),
      k: 2,
      communityIds: [id],
    })
    for (const s of one.sites) {
      expect(s.community_id).toBe(id)
      expect(inCommunity(s.lon, s.lat, id)).toBe(true)
    }
    const [w, s0, e, n] = [121.42, 31.03, 121.44, 31.045]
    const drawn: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [w, s0],
          [e, s0],
          [e, n],
          [w, n],
          [w, s0],
        ],
      ],
    }
    const within = suggestSites({
      communities,
      facilities,
      category: 'childcare',
      reachM: meters(1000),
      k: 2,
      within: drawn,
    })
    expect(within.sites.length).toBeGreaterThan(0)
    for (const s of within.sites)
      expect(booleanPointInPolygon(point([s.lon, s.lat]), drawn)).toBe(true)
    expect(() =>
      suggestSites({
        communities,
        facilities,
        category: 'store',
        reachM: meters(300),
        k: 1,
        communityIds: ['nope'],
      }),
    ).toThrow(/nope/)
  })

  it('lazy and plain greedy suggest the same sites on the demo city, the lazy one with fewer evaluations', () => {
    const base = {
      communities,
      facilities,
      population: blocks,
      category: 'childcare',
      reachM: meters(1000),
      k: 4,
      minSpacingM: 300,
    }
    const lazy = suggestSites(base)
    const plain = suggestSites({ ...base, lazy: false })
    expect(lazy.sites).toEqual(plain.sites)
    expect(lazy.evaluations).toBeLessThan(plain.evaluations / 2)
  })

  it('capacity mode caps each site’s gain at its capacity', () => {
    const r = suggestSites({
      communities,
      facilities,
      population: blocks,
      category: 'childcare',
      reachM: meters(1000),
      k: 4,
      capacity: 40,
    })
    expect(r.capacity).toBe(40)
    expect(r.sites.length).toBeGreaterThan(0)
    for (const s of r.sites) expect(s.gain_people).toBeLessThanOrEqual(40 + 1e-9)
    const free = suggestSites({
      communities,
      facilities,
      population: blocks,
      category: 'childcare',
      reachM: meters(1000),
      k: 4,
    })
    expect(free.sites[0]!.gain_people).toBeGreaterThan(40)
  })
})

describe('suggestSites limits', () => {
  it('refuses a lattice or demand grid too fine for the area, saying what to change', () => {
    expect(() =>
      suggestSites({
        communities,
        facilities,
        category: 'store',
        reachM: meters(300),
        k: 1,
        candidatesM: 1,
      }),
    ).toThrow(/candidate lattice .* use a wider spacing/)
    expect(() =>
      suggestSites({
        communities,
        facilities,
        category: 'store',
        reachM: meters(300),
        k: 1,
        demandCellM: 1,
      }),
    ).toThrow(/demand grid .* use a larger cell/)
  })
})
