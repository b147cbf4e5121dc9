import { readFileSync } from 'node:fs'
import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import { computeCoverage } from '../../coverage/compute-coverage.ts'
import type {
  CommunityFeature,
  CoverageResult,
  FacilityFeature,
  PopulationFeature,
} from '../../coverage/types.ts'
import { meters } from '../../geo/units.ts'
import { coverageTable, coverageTableColumns, targetMet } from './coverage-table.ts'
import { formatFigure } from './format-figure.ts'
import { largestGaps } from './largest-gaps.ts'
import type { ExportProvenance } from './provenance.ts'
import { coverageTableCsv, HEADER_BLOCK_LINES } from './table-csv.ts'

const demo = <T>(name: string): T[] =>
  (
    JSON.parse(
      readFileSync(new URL(`../../../../../data/demo/${name}`, import.meta.url), 'utf8'),
    ) as { features: T[] }
  ).features

function demoResult(): { result: CoverageResult; streets: Record<string, string> } {
  const communities = demo<CommunityFeature & { properties: { street: string } }>(
    'communities.geojson',
  )
  const result = computeCoverage({
    communities,
    facilities: demo<FacilityFeature>('facilities.geojson'),
    population: demo<PopulationFeature>('population-blocks.geojson'),
    settings: {
      method: 'exact',
      categories: [
        { code: 'canteen', reach_m: meters(750), target_group: 'elderly' },
        { code: 'childcare', reach_m: meters(1000), target_group: 'infants' },
        { code: 'fitness', reach_m: meters(500), target_group: 'all' },
        { code: 'store', reach_m: meters(300), target_group: 'all' },
      ],
    },
  })
  const streets = Object.fromEntries(communities.map((c) => [c.properties.id, c.properties.street]))
  return { result, streets }
}

const PROVENANCE: ExportProvenance = {
  data_source: '示范数据 generated demo data',
  data_vintage: '2026',
  app_version: '0.1.0',
  generated_at: '2026-12-03T08:00:00.000Z',
  reach_notes: { canteen: '15 min × 3.0 km/h (elderly pace)' },
}

const TARGETS = { canteen: 1, childcare: 0.6, fitness: 0.95 }

/** The figure a column holds for a community, straight from the result object. */
function raw(c: CoverageResult['communities'][number], key: string): number | null | undefined {
  if (key === 'population') return c.population
  if (key === 'complete_share') return c.complete_share
  const [code, field] = key.split('.') as [string, string]
  return (c.categories[code] as unknown as Record<string, number | null | undefined>)[field]
}

describe('coverage table exports', () => {
  const { result, streets } = demoResult()

  it('has one row per community with the documented columns', () => {
    const t = coverageTable(result, { streets, targets: TARGETS })
    expect(t.rows).toHaveLength(result.communities.length)
    expect(t.columns.map((c) => c.key).slice(0, 5)).toEqual([
      'community_id',
      'community_name',
      'street',
      'population',
      'canteen.target_group',
    ])
    expect(t.columns).toHaveLength(4 + 4 * 9 + 1)
    expect(coverageTableColumns(result, 'en')[6]!.label).toBe(
      'Elderly canteen / meal point: population share',
    )
    expect(t.rows[0]![2]).toBe('示范街道')
    expect(t.rows[0]![4]).toBe('老年人(65+)')
  })

  it('CSV: BOM, header block, and every figure exactly the formatted result (papaparse)', () => {
    const csv = coverageTableCsv(result, PROVENANCE, { streets, targets: TARGETS })
    expect(csv.startsWith('\uFEFF')).toBe(true)
    const parsed = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: false })
    expect(parsed.errors).toEqual([])
    const lines = parsed.data
    const block = Object.fromEntries(
      lines.slice(0, HEADER_BLOCK_LINES - 1).map((r) => [r[0], r[1]]),
    )
    expect(block['数据来源 data source']).toBe('示范数据 generated demo data')
    expect(block['数据年份 data vintage']).toBe('2026')
    expect(block['步行范围 reach']).toContain(
      'canteen 750 m (15 min × 3.0 km/h (elderly pace)), elderly',
    )
    expect(block['步行范围 reach']).toContain('store 300 m, all')
    expect(block['计算方法 method']).toMatch(/^exact: .*great-circle.*population layer/)
    expect(block['计算时间 generated']).toBe(PROVENANCE.generated_at)
    expect(block['版本 app version']).toBe('0.1.0')
    expect(lines[HEADER_BLOCK_LINES - 1]).toEqual([''])
    const columns = coverageTableColumns(result)
    expect(lines[HEADER_BLOCK_LINES]).toEqual(columns.map((c) => c.label))
    const body = lines.slice(HEADER_BLOCK_LINES + 1).filter((r) => r.length > 1)
    expect(body).toHaveLength(result.communities.length)
    let compared = 0
    result.communities.forEach((c, i) => {
      const row = body[i]!
      expect(row[0]).toBe(c.id)
      expect(row[1]).toBe(c.name)
      columns.forEach((col, j) => {
        const cell = row[j]!
        if (col.key.endsWith('.target_met')) {
          const code = col.category!
          expect(cell).toBe(
            targetMet(c.categories[code]!.population_share, TARGETS[code as 'canteen']),
          )
          return
        }
        if (
          ['community_id', 'community_name', 'street'].includes(col.key) ||
          col.key.endsWith('.target_group')
        )
          return
        const kind = col.key.endsWith('share')
          ? 'share'
          : col.key.includes('nearest')
            ? 'metres'
            : col.key.endsWith('per_1000')
              ? 'per_1000'
              : 'people'
        const expected = formatFigure(kind, raw(c, col.key))
        if (expected === null) expect(cell).toBe('')
        else {
          expect(Number(cell)).toBe(expected)
          compared++
        }
      })
    })
    expect(compared).toBeGreaterThan(result.communities.length * 20)
  })

  it('shares in the table are the engine’s to 5e-7, and the same digits as the coverage CLI', () => {
    const t = coverageTable(result)
    const j = t.columns.findIndex((c) => c.key === 'canteen.population_share')
    result.communities.forEach((c, i) => {
      const share = c.categories.canteen!.population_share!
      expect(Math.abs((t.rows[i]![j] as number) - share)).toBeLessThanOrEqual(5e-7)
      // coverage-csv.ts rounds shares to 6 decimals the same way.
      expect(t.rows[i]![j]).toBe(Math.round(share * 1e6) / 1e6)
    })
  })

  it('target met: ✓ at or above the target as exported, ✗ below, blank without one', () => {
    expect(targetMet(0.6, 0.6)).toBe('✓')
    expect(targetMet(0.5999999, 0.6)).toBe('✓') // prints as 0.6
    expect(targetMet(0.599, 0.6)).toBe('✗')
    expect(targetMet(null, 0.6)).toBe('')
    expect(targetMet(0.3, undefined)).toBe('')
    const t = coverageTable(result, { targets: { canteen: 1 } })
    const j = t.columns.findIndex((c) => c.key === 'store.target_met')
    expect(t.rows.every((r) => r[j] === '')).toBe(true)
  })

  it('the ten largest gaps by uncovered target people', () => {
    const gaps = largestGaps(result)
    expect(gaps).toHaveLength(10)
    expect(gaps.map((g) => g.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    for (let i = 1; i < gaps.length; i++)
      expect(gaps[i - 1]!.uncovered_people).toBeGreaterThanOrEqual(gaps[i]!.uncovered_people)
    // The first is the largest of all pairs.
    let max = 0
    for (const c of result.communities)
      for (const f of Object.values(c.categories))
        max = Math.max(max, (f.target_population ?? 0) - f.population_covered)
    expect(gaps[0]!.uncovered_people).toBe(formatFigure('people', max))
    const canteen = largestGaps(result, { category: 'canteen', n: 3 })
    expect(canteen.every((g) => g.category === 'canteen' && g.target_group === 'elderly')).toBe(
      true,
    )
    expect(canteen.length).toBeLessThanOrEqual(3)
  })
})
