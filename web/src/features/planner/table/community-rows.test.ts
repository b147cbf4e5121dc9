import { describe, expect, it } from 'vitest'
import { computeCoverage } from '../../../core/coverage/compute-coverage.ts'
import { editedFacilities } from '../../../core/coverage/coverage-model.ts'
import { createExactModel } from '../../../core/coverage/exact-model.ts'
import { generateTestCity } from '../../../core/coverage/test-city.ts'
import type { CoverageInput, FacilityFeature } from '../../../core/coverage/types.ts'
import { coverageTable } from '../../../core/io/export/coverage-table.ts'
import { communityRows, districtSummary, scenarioDiff } from './community-rows.ts'

const city = generateTestCity({ seed: 7, communities: 30, facilities: 120 })
const input: CoverageInput = {
  communities: city.communities,
  facilities: city.facilities,
  settings: { method: 'exact', categories: city.categories },
}
const baseline = computeCoverage(input)

describe('communityRows', () => {
  it('gives one row per community with the very figures of the exported table', () => {
    const targets = { canteen: 0.8, childcare: 0.6 }
    const rows = communityRows(baseline, { targets })
    const table = coverageTable(baseline, { targets })
    expect(rows.length).toBe(baseline.communities.length)
    const col = (key: string) => table.columns.findIndex((c) => c.key === key)
    rows.forEach((row, i) => {
      const exported = table.rows[i]!
      expect(row.id).toBe(exported[col('community_id')])
      for (const code of ['canteen', 'childcare', 'fitness']) {
        const f = row.categories[code]!
        expect(f.share).toBe(exported[col(`${code}.population_share`)])
        expect(f.covered).toBe(exported[col(`${code}.population_covered`)])
        expect(f.medianM).toBe(exported[col(`${code}.nearest_m_median`)])
        expect(f.p90M).toBe(exported[col(`${code}.nearest_m_p90`)])
        expect(f.capacityPer1000).toBe(exported[col(`${code}.capacity_per_1000`)])
        expect(f.met).toBe(exported[col(`${code}.target_met`)])
      }
    })
    // No target: no mark.
    expect(rows.every((r) => r.categories.store?.met === '')).toBe(true)
  })
})

describe('districtSummary', () => {
  it('is population-weighted and counts the communities below target', () => {
    const s = districtSummary(baseline, 'canteen', 0.9)
    const withPeople = baseline.communities.filter(
      (c) => c.categories.canteen?.population_share !== null,
    )
    const covered = withPeople.reduce((a, c) => a + c.categories.canteen!.population_covered, 0)
    const people = withPeople.reduce(
      (a, c) => a + (c.categories.canteen!.target_population ?? 0),
      0,
    )
    expect(s.communities).toBe(withPeople.length)
    expect(s.share).toBeCloseTo(covered / people, 6)
    expect(s.belowTarget).toBe(
      communityRows(baseline, { targets: { canteen: 0.9 } }).filter(
        (r) => r.categories.canteen?.met === '✗',
      ).length,
    )
    expect(districtSummary(baseline, 'canteen', undefined).belowTarget).toBeNull()
    // A target of 0 is met everywhere.
    expect(districtSummary(baseline, 'canteen', 0).belowTarget).toBe(0)
  })
})

describe('scenarioDiff', () => {
  it('gives the change per community and for the district, adding up in people', () => {
    const worst = [...baseline.communities].sort(
      (a, b) =>
        (a.categories.canteen?.population_share ?? 2) -
        (b.categories.canteen?.population_share ?? 2),
    )[0]!
    const geometry = city.communities.find((c) => c.properties.id === worst.id)!.geometry
    const ring = (
      geometry.type === 'Polygon' ? geometry.coordinates[0] : geometry.coordinates[0]![0]
    )!
    const [lon, lat] = ring.reduce(
      (a, p) => [a[0]! + p[0]! / ring.length, a[1]! + p[1]! / ring.length],
      [0, 0],
    )
    const site: FacilityFeature = {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [lon!, lat!] },
      properties: { id: 'proposed-1', category: 'canteen', status: 'open' },
    }
    // The model's incremental edit, as the worker does it, and a full recompute agree.
    const model = createExactModel()
    model.load({ communities: input.communities, facilities: input.facilities })
    model.recompute(input.settings)
    const incremental = model.apply({ kind: 'add', facility: site })
    const full = computeCoverage({
      ...input,
      facilities: editedFacilities(input.facilities, { kind: 'add', facility: site }),
    })
    const diff = scenarioDiff(baseline, incremental, 'canteen')
    expect(scenarioDiff(baseline, full, 'canteen').newlyCovered).toBeCloseTo(diff.newlyCovered, 1)
    expect(diff.communities.some((c) => c.id === worst.id)).toBe(true)
    const changed = diff.communities.find((c) => c.id === worst.id)!
    expect(changed.after!).toBeGreaterThan(changed.before!)
    expect(changed.deltaPp).toBeCloseTo((changed.after! - changed.before!) * 100, 4)
    const sum = diff.communities.reduce((a, c) => a + c.newlyCovered, 0)
    expect(diff.newlyCovered).toBeCloseTo(sum, 6)
    expect(diff.newlyCovered).toBeGreaterThan(0)
    // The district's change in people is the change of Σ covered.
    const total = (r: typeof baseline) =>
      r.communities.reduce((a, c) => a + (c.categories.canteen?.population_covered ?? 0), 0)
    expect(diff.newlyCovered).toBeCloseTo(total(incremental) - total(baseline), 0)
    expect(diff.deltaPp!).toBeGreaterThan(0)
    // No change, no rows.
    expect(scenarioDiff(baseline, baseline, 'canteen').communities).toEqual([])
  })
})
