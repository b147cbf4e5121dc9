import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateTestCity } from '../../web/src/core/coverage/test-city.ts'
import type { CoverageResult } from '../../web/src/core/coverage/types.ts'
import { parseCsv } from '../../web/src/core/io/parse-csv.ts'

const ROOT = resolve(import.meta.dirname, '../..')
const DEMO = join(ROOT, 'data/demo')
let dir: string
let communities: string
let facilities: string
let population: string

/** Runs the CLI the way `npm run coverage --` does, in a separate process. */
function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'scripts/coverage.ts'), ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    },
  )
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** Runs the CLI, expects success, and parses the JSON result it prints. */
function result(...args: string[]): CoverageResult {
  const r = cli(...args)
  expect(r.status, r.stderr).toBe(0)
  return JSON.parse(r.stdout) as CoverageResult
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'coverage-cli-'))
  if (existsSync(join(DEMO, 'communities.geojson'))) {
    communities = join(DEMO, 'communities.geojson')
    facilities = join(DEMO, 'facilities.geojson')
    population = join(DEMO, 'population-blocks.geojson')
  } else {
    const city = generateTestCity({
      seed: 42,
      communities: 30,
      facilities: 300,
      populationBlocks: true,
    })
    communities = join(dir, 'communities.geojson')
    facilities = join(dir, 'facilities.geojson')
    population = join(dir, 'population.geojson')
    writeFileSync(
      communities,
      JSON.stringify({ type: 'FeatureCollection', features: city.communities }),
    )
    writeFileSync(
      facilities,
      JSON.stringify({ type: 'FeatureCollection', features: city.facilities }),
    )
    writeFileSync(
      population,
      JSON.stringify({ type: 'FeatureCollection', features: city.population }),
    )
  }
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('npm run coverage', () => {
  it('prints its usage with --help', () => {
    const r = cli('--help')
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('npm run coverage -- --communities FILE --facilities FILE')
    expect(r.stdout).toContain('--minutes T --speed-kmh S')
  })

  it('computes the demo city: JSON result, CSV table and gap polygons', () => {
    const out = join(dir, 'result.json')
    const csv = join(dir, 'table.csv')
    const gaps = join(dir, 'gaps.geojson')
    const r = cli(
      '--communities',
      communities,
      '--facilities',
      facilities,
      '--population',
      population,
      '--minutes',
      '15',
      '--speed-kmh',
      '4',
      '--out',
      out,
      '--csv',
      csv,
      '--gaps',
      gaps,
    )
    expect(r.stderr).toContain('complete life circle')
    expect(r.status).toBe(0)
    const result = JSON.parse(readFileSync(out, 'utf8')) as CoverageResult
    const nCommunities = (JSON.parse(readFileSync(communities, 'utf8')) as { features: unknown[] })
      .features.length
    expect(result.method).toBe('exact')
    expect(result.settings.population_placement).toBe('population-layer')
    expect(result.settings.categories.map((c) => [c.code, Math.round(c.reach_m)])).toEqual([
      ['canteen', 1000],
      ['childcare', 1000],
      ['fitness', 1000],
      ['store', 1000],
    ])
    expect(result.communities).toHaveLength(nCommunities)
    for (const c of result.communities) {
      for (const f of Object.values(c.categories)) {
        expect(f.area_share).toBeGreaterThanOrEqual(0)
        expect(f.area_share).toBeLessThanOrEqual(1)
      }
    }
    const table = parseCsv(readFileSync(csv, 'utf8'))
    expect(table.rows).toHaveLength(nCommunities * 4)
    const first = result.communities[0]!
    const row = table.rows.find((x) => x.values[0] === first.id && x.values[4] === 'store')!
    expect(Number(row.values[table.header.indexOf('area_share')])).toBeCloseTo(
      first.categories.store!.area_share,
      5,
    )

    const g = JSON.parse(readFileSync(gaps, 'utf8')) as {
      type: string
      features: { geometry: { type: string }; properties: Record<string, unknown> }[]
    }
    expect(g.type).toBe('FeatureCollection')
    expect(g.features.length).toBeGreaterThan(0)
    for (const f of g.features) {
      expect(f.geometry.type).toBe('MultiPolygon')
      expect(f.properties).toHaveProperty('community_id')
      expect(f.properties).toHaveProperty('category')
    }
    // A community fully covered for a category has no gap feature for it.
    const full = result.communities.flatMap((c) =>
      Object.entries(c.categories)
        .filter(([, f]) => f.area_share === 1)
        .map(([code]) => `${c.id}/${code}`),
    )
    const withGap = new Set(
      g.features.map(
        (f) => `${String(f.properties.community_id)}/${String(f.properties.category)}`,
      ),
    )
    for (const k of full) expect(withGap.has(k)).toBe(false)
  })

  it('gives the same numbers with --threads 2', () => {
    const one = result('--communities', communities, '--facilities', facilities, '--quiet')
    const two = result(
      '--communities',
      communities,
      '--facilities',
      facilities,
      '--quiet',
      '--threads',
      '2',
    )
    expect(two.communities.map((c) => c.id)).toEqual(one.communities.map((c) => c.id))
    two.communities.forEach((c, i) => {
      for (const [code, f] of Object.entries(c.categories)) {
        expect(f.area_share).toBe(one.communities[i]!.categories[code]!.area_share)
        expect(f.population_covered).toBe(one.communities[i]!.categories[code]!.population_covered)
      }
    })
  })

  it('computes with --method fast within 0.5 pp of exact, and draws its gaps from the grid', () => {
    const exact = result('--communities', communities, '--facilities', facilities, '--quiet')
    const gaps = join(dir, 'fast-gaps.geojson')
    const fast = result(
      '--communities',
      communities,
      '--facilities',
      facilities,
      '--quiet',
      '--method',
      'fast',
      '--gaps',
      gaps,
    )
    expect(fast.method).toBe('fast')
    fast.communities.forEach((c, i) => {
      for (const [code, f] of Object.entries(c.categories)) {
        expect(
          Math.abs(f.area_share - exact.communities[i]!.categories[code]!.area_share),
        ).toBeLessThanOrEqual(0.005)
      }
    })
    const g = JSON.parse(readFileSync(gaps, 'utf8')) as {
      features: { properties: { method: string; gap_area_m2: number } }[]
    }
    expect(g.features.length).toBeGreaterThan(0)
    for (const f of g.features) {
      expect(f.properties.method).toBe('fast')
      expect(f.properties.gap_area_m2).toBeGreaterThanOrEqual(100)
    }
  })

  it('reads facility CSV files with a category per file and a per-category reach', () => {
    const csv = join(dir, 'stores.csv')
    const fc = JSON.parse(readFileSync(facilities, 'utf8')) as {
      features: {
        geometry: { coordinates: number[] }
        properties: { category: string; name?: string }
      }[]
    }
    const stores = fc.features.filter((f) => f.properties.category === 'store')
    writeFileSync(
      csv,
      '\uFEFF名稱,緯度,經度\r\n' +
        stores
          .map(
            (f) =>
              `"${f.properties.name ?? ''}",${f.geometry.coordinates[1]},${f.geometry.coordinates[0]}`,
          )
          .join('\r\n'),
    )
    const r = cli(
      '--communities',
      communities,
      '--facilities',
      `store=${csv}`,
      '--facilities',
      facilities,
      '--categories',
      'store',
      '--reach',
      'store=500',
      '--quiet',
    )
    expect(r.status, r.stderr).toBe(0)
    const result = JSON.parse(r.stdout) as CoverageResult
    expect(result.settings.categories).toEqual([
      { code: 'store', reach_m: 500, target_group: 'all' },
    ])
  })

  it('rejects a broken community file with exit status 2, naming the feature and property', () => {
    const bad = JSON.parse(readFileSync(communities, 'utf8')) as {
      features: { properties: Record<string, unknown> }[]
    }
    bad.features[3]!.properties.population = 'lots'
    const file = join(dir, 'broken.geojson')
    writeFileSync(file, JSON.stringify(bad))
    const out = join(dir, 'never.json')
    const r = cli('--communities', file, '--facilities', facilities, '--out', out)
    expect(r.status).toBe(2)
    expect(r.stderr).toContain(`${file} feature 3, field "population": not a number ("lots")`)
    expect(existsSync(out)).toBe(false)
  })

  it('rejects a facility CSV with swapped coordinates and bad arguments with status 2', () => {
    const csv = join(dir, 'swapped.csv')
    writeFileSync(csv, 'name,lon,lat\nA,31.2,121.4\n')
    const r = cli('--communities', communities, '--facilities', `store=${csv}`)
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/swapped\.csv row 2, field "lon\/lat": .*swapped/)
    const missing = cli('--communities', join(dir, 'nope.geojson'), '--facilities', facilities)
    expect(missing.status).toBe(2)
    expect(missing.stderr).toMatch(/nope\.geojson: cannot read \(ENOENT\)/)
    const args = cli('--communities', communities)
    expect(args.status).toBe(2)
    expect(args.stderr).toContain('--facilities is required')
  })
})
