import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { booleanPointInPolygon, distance } from '@turf/turf'
import type { FeatureCollection, Point, Polygon } from 'geojson'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CoverageResult } from '../../web/src/core/coverage/types.ts'
import type { SuggestedSiteProps } from '../../web/src/core/io/export/sites-geojson.ts'
import { runCoverageCli } from '../../scripts/coverage.ts'
import { runSuggestCli } from '../../scripts/suggest.ts'
import { parseSuggestArgs } from '../../scripts/lib/suggest-args.ts'

const ROOT = resolve(import.meta.dirname, '../..')
const DEMO = join(ROOT, 'data/demo')
const communities = join(DEMO, 'communities.geojson')
const facilities = join(DEMO, 'facilities.geojson')
const population = join(DEMO, 'population-blocks.geojson')
let dir: string

type Sites = FeatureCollection<Point, SuggestedSiteProps> & { provenance: Record<string, unknown> }

function run(
  script: string,
  ...args: string[]
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'scripts', script), ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    },
  )
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** Runs the CLI in this process; returns the exit status and what it logged. */
async function suggest(...args: string[]): Promise<{ status: number; log: string }> {
  const lines: string[] = []
  const status = await runSuggestCli(args, (s) => lines.push(s))
  return { status, log: lines.join('\n') }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'suggest-cli-'))
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('npm run suggest on the demo city', () => {
  it('writes ranked sites whose gains the coverage CLI confirms', async () => {
    const out = join(dir, 'sites.geojson')
    const common = [
      '--communities',
      communities,
      '--facilities',
      facilities,
      '--population',
      population,
    ]
    const r = run(
      'suggest.ts',
      ...common,
      '--category',
      'canteen',
      '--k',
      '3',
      '--minutes',
      '15',
      '--pace',
      'elderly',
      '--min-spacing-m',
      '500',
      '--out',
      out,
    )
    expect(r.status, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/canteen: 3 site\(s\), reach 750 m, target group elderly/)
    const sites = JSON.parse(readFileSync(out, 'utf8')) as Sites
    expect(sites.features.map((f) => f.properties.rank)).toEqual([1, 2, 3])
    expect(sites.provenance).toMatchObject({
      category: 'canteen',
      target_group: 'elderly',
      reach_m: 750,
      gains: 'measured by the exact coverage engine',
      population_placement: 'population-layer',
      app_version: expect.any(String),
    })
    for (const f of sites.features) {
      expect(f.properties.gain_people).toBeGreaterThan(0)
      expect(f.properties.gain_pp).toBeCloseTo(
        (f.properties.gain_people / Number(sites.provenance.target_population)) * 100,
        3,
      )
    }
    const [a, b, c] = sites.features.map((f) => f.geometry.coordinates)
    for (const [p, q] of [
      [a!, b!],
      [a!, c!],
      [b!, c!],
    ])
      expect(distance(p!, q!, { units: 'meters' })).toBeGreaterThanOrEqual(499.9)

    // The coverage CLI (in this process), before and with the sites added as canteens: the
    // city's elderly covered rise by the cumulative gain (both rounded to 0.1 person).
    const coverage = async (...extra: string[]): Promise<CoverageResult> => {
      const json = join(dir, 'coverage.json')
      const lines: string[] = []
      const status = await runCoverageCli(
        [
          ...common,
          ...extra,
          '--categories',
          'canteen',
          '--reach-m',
          '750',
          '--quiet',
          '--out',
          json,
        ],
        (s) => lines.push(s),
      )
      expect(status, lines.join('\n')).toBe(0)
      return JSON.parse(readFileSync(json, 'utf8')) as CoverageResult
    }
    const before = (await coverage()).city.categories.canteen!.population_covered
    const after = (await coverage('--facilities', `canteen=${out}`)).city.categories.canteen!
      .population_covered
    const last = sites.features[2]!.properties
    expect(Math.abs(after - before - last.cumulative_people)).toBeLessThan(0.11)
  }, 120_000)

  it('limits sites to a drawn polygon and to one community; sampled gains on request', async () => {
    const drawn: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [121.425, 31.035],
          [121.445, 31.035],
          [121.445, 31.05],
          [121.425, 31.05],
          [121.425, 31.035],
        ],
      ],
    }
    const within = join(dir, 'drawn.geojson')
    writeFileSync(within, JSON.stringify({ type: 'Feature', properties: {}, geometry: drawn }))
    const out = join(dir, 'within.geojson')
    const base = [
      '--communities',
      communities,
      '--facilities',
      facilities,
      '--category',
      'childcare',
    ]
    const r = await suggest(
      ...base,
      '--k',
      '2',
      '--within',
      within,
      '--gains',
      'sample',
      '--quiet',
      '--out',
      out,
    )
    expect(r.status, r.log).toBe(0)
    const sites = JSON.parse(readFileSync(out, 'utf8')) as Sites
    expect(sites.features.length).toBeGreaterThan(0)
    expect(sites.provenance.gains).toBe('sampled on the demand grid')
    for (const f of sites.features)
      expect(booleanPointInPolygon(f.geometry.coordinates, drawn)).toBe(true)

    const id = '53a0d0d9-0b5f-4e9f-83ff-690146b8ca27'
    const one = join(dir, 'one.geojson')
    const r2 = await suggest(
      ...base,
      '--k',
      '2',
      '--community',
      id,
      '--capacity',
      '30',
      '--quiet',
      '--out',
      one,
    )
    expect(r2.status, r2.log).toBe(0)
    const onlyOne = JSON.parse(readFileSync(one, 'utf8')) as Sites
    expect(onlyOne.provenance.capacity).toBe(30)
    for (const f of onlyOne.features) {
      expect(f.properties.community_id).toBe(id)
      expect(f.properties.gain_people).toBeLessThanOrEqual(30)
    }
  })

  it('rejects bad arguments and bad files with status 2, naming the problem', async () => {
    const base = ['--communities', communities, '--facilities', facilities]
    expect((await suggest(...base, '--k', '3')).log).toMatch(/--category is required/)
    expect((await suggest(...base, '--category', 'canteen')).log).toMatch(/--k is required/)
    const bad = [
      [['--category', 'canteen', '--k', '0'], /--k must be a positive number/],
      [['--category', 'canteen', '--k', '1.5'], /whole number/],
      [
        ['--category', 'canteen', '--k', '2', '--minutes', '15', '--pace', 'fast'],
        /--pace must be ordinary or elderly/,
      ],
      [
        ['--category', 'canteen', '--k', '2', '--reach-m', '500', '--minutes', '5'],
        /either --reach-m or --minutes/,
      ],
      [
        ['--category', 'canteen', '--k', '2', '--gains', 'best'],
        /--gains must be engine or sample/,
      ],
      [
        ['--category', 'canteen', '--k', '2', '--community', 'nope'],
        /unknown community id\(s\): nope/,
      ],
      [
        ['--category', 'canteen', '--k', '2', '--within', join(dir, 'missing.geojson')],
        /missing\.geojson: cannot read/,
      ],
    ] as const
    for (const [args, message] of bad) {
      const r = await suggest(...base, ...args)
      expect(r.status, args.join(' ')).toBe(2)
      expect(r.log).toMatch(message)
    }
    const missing = await suggest(
      '--communities',
      join(dir, 'no-such.geojson'),
      '--facilities',
      facilities,
      '--category',
      'canteen',
      '--k',
      '1',
    )
    expect(missing.status).toBe(2)
    expect(missing.log).toMatch(/no-such\.geojson: cannot read/)
    const points = join(dir, 'points.geojson')
    writeFileSync(
      points,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: {},
            geometry: { type: 'Point', coordinates: [121.4, 31] },
          },
        ],
      }),
    )
    const r = await suggest(...base, '--category', 'canteen', '--k', '1', '--within', points)
    expect(r.status).toBe(2)
    expect(r.log).toMatch(
      /points\.geojson feature 0, field "geometry": expected a Polygon or MultiPolygon/,
    )
  })

  it('reads reach as metres, minutes at a pace, or minutes at a speed', () => {
    const base = ['--communities', 'c', '--facilities', 'f', '--category', 'canteen', '--k', '1']
    expect(parseSuggestArgs(base).reach_m).toBe(1000)
    expect(parseSuggestArgs([...base, '--reach-m', '800']).reach_m).toBe(800)
    // Canteens default to the elderly pace (3.0 km/h), others to the ordinary one (4.5 km/h).
    expect(parseSuggestArgs([...base, '--minutes', '15']).reach_m).toBe(750)
    expect(parseSuggestArgs([...base, '--minutes', '10', '--pace', 'ordinary']).reach_m).toBe(750)
    expect(parseSuggestArgs([...base, '--minutes', '15', '--speed-kmh', '4']).reach_m).toBe(1000)
    const store = parseSuggestArgs([
      '--communities',
      'c',
      '--facilities',
      'f',
      '--category',
      'store',
      '--k',
      '1',
      '--minutes',
      '10',
    ])
    expect(store.reach_m).toBe(750)
    // Field mappings go through the coverage CLI's parser.
    const mapped = parseSuggestArgs([...base, '--community-fields', 'id=V_ID,population=A+B'])
    expect(mapped.coverage.communityFields).toEqual({ id: 'V_ID', population: ['A', 'B'] })
  })
})
