import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'
import type { CoverageInput } from '../../web/src/core/coverage/types.ts'
import { meters } from '../../web/src/core/geo/units.ts'
import { catchInputError } from '../../web/src/core/io/input-issue.ts'
import { readCommunities } from '../../web/src/core/io/read-communities.ts'
import { readFacilities } from '../../web/src/core/io/read-facilities.ts'
import { readNetworkArgs, runNetworkStep } from '../../scripts/lib/network-cli.ts'
import { loadNetworkFile } from '../../scripts/lib/network-load.ts'

// The demo city (generated, in the repository) through the CLI's network parts.
const DEMO = resolve(import.meta.dirname, '../../data/demo')
const fail = (m: string): never => {
  throw new Error(m)
}

function demoInput(): CoverageInput {
  const read = (f: string): string => readFileSync(join(DEMO, f), 'utf8')
  return {
    communities: readCommunities(read('communities.geojson'), { source: 'communities' }).features,
    facilities: readFacilities(read('facilities.geojson'), { source: 'facilities' }).features,
    settings: {
      method: 'exact',
      categories: [
        { code: 'canteen', reach_m: meters(1000), target_group: 'elderly' },
        { code: 'store', reach_m: meters(1000), target_group: 'all' },
      ],
    },
  }
}

describe('network flags', () => {
  it('reads mode, network, pace, snap distance and the points files', () => {
    expect(
      readNetworkArgs(
        { mode: 'network', network: 'n.osm', minutes: '15', pace: 'elderly', 'max-snap-m': '150' },
        fail,
      ),
    ).toEqual({ mode: 'network', network: 'n.osm', pace: 'elderly', minutes: 15, maxSnapM: 150 })
    expect(readNetworkArgs({}, fail)).toEqual({ mode: 'circle', maxSnapM: 200 })
  })

  it.each([
    [{ mode: 'walk' }, '--mode must be circle or network, not "walk"'],
    [{ mode: 'network' }, '--mode network needs --network FILE (a street network)'],
    [{ mode: 'network', network: 'n', method: 'exact' }, '--mode network computes on the grid'],
    [{ network: 'n', pace: 'fast', minutes: '5' }, '--pace must be ordinary or elderly'],
    [{ network: 'n', pace: 'elderly' }, '--pace needs --minutes'],
    [
      { network: 'n', pace: 'elderly', minutes: '5', 'speed-kmh': '4' },
      'either --pace or --speed-kmh',
    ],
    [{ points: 'p.geojson' }, '--points and --points-out go together'],
    [{ points: 'p.geojson', 'points-out': 'p.csv' }, '--points needs --network FILE'],
    [{ network: 'n', 'max-snap-m': '-1' }, '--max-snap-m must be a positive number'],
  ])('rejects %o', (values, message) => {
    expect(() => readNetworkArgs(values, fail)).toThrow(message)
  })

  it('a missing or foreign network file is an input error naming the file', async () => {
    const err = await loadNetworkFile('/nonexistent/streets.osm').catch((e: unknown) => e)
    expect(String(err)).toMatch(
      /\/nonexistent\/streets.osm file, field "file": cannot read \(ENOENT\)/,
    )
    const dir = mkdtempSync(join(tmpdir(), 'net-'))
    writeFileSync(join(dir, 'x.csv'), 'lon,lat\n1,2\n')
    const bad = await loadNetworkFile(join(dir, 'x.csv')).catch((e: unknown) => e)
    expect(String(bad)).toMatch(/x.csv file, field "file": not a walking network/)
    expect(
      catchInputError(() => {
        throw bad
      }),
    ).toBeDefined()
  })
})

describe("runNetworkStep on the demo city's streets", () => {
  it('network mode: minutes at each category’s pace, coverage on the grid with walking distances', async () => {
    const log: string[] = []
    const input = demoInput()
    const args = readNetworkArgs(
      { mode: 'network', network: join(DEMO, 'streets.geojson'), minutes: '15' },
      fail,
    )
    const result = (await runNetworkStep(args, input, {}, (s) => log.push(s)))?.result
    expect(result).toBeDefined()
    expect(input.settings.categories.map((c) => Math.round(c.reach_m))).toEqual([750, 1125])
    expect(log.join('\n')).toMatch(/canteen: 15 min at 3 km\/h \(elderly\) = 750 m along streets/)
    expect(log.join('\n')).toMatch(
      /streets.geojson \(geojson\): 854 lines read, 854 walkable; kept \d+ nodes/,
    )
    const circle = await runNetworkStep({ ...args, mode: 'circle' }, demoInput(), {}, () => {})
    expect(circle).toBeNull()
    for (const c of result!.communities) {
      for (const f of Object.values(c.categories)) {
        expect(f.area_share).toBeGreaterThanOrEqual(0)
        expect(f.area_share).toBeLessThanOrEqual(1)
      }
    }
    expect(result!.city.categories.canteen!.population_share!).toBeLessThan(0.95)
  })

  it('--pace also sets the circle reach, and without --network nothing else happens', async () => {
    const input = demoInput()
    const args = readNetworkArgs({ minutes: '10', pace: 'elderly' }, fail)
    expect(await runNetworkStep(args, input, { store: 800 }, () => {})).toBeNull()
    expect(input.settings.categories.map((c) => c.reach_m)).toEqual([500, 1000])
  })

  it('--points / --points-out writes one row per point and category, empty network_m when unlinked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'net-'))
    const input = demoInput()
    const f0 = input.facilities.find((f) => f.properties.category === 'store')!.geometry!
      .coordinates
    writeFileSync(
      join(dir, 'p.geojson'),
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { id: 'home-1' },
            geometry: { type: 'Point', coordinates: [f0[0]! + 0.001, f0[1]!] },
          },
          {
            type: 'Feature',
            properties: { id: 7 },
            geometry: { type: 'Point', coordinates: [f0[0]! + 0.3, f0[1]!] },
          },
        ],
      }),
    )
    const args = readNetworkArgs(
      {
        network: join(DEMO, 'streets.geojson'),
        points: join(dir, 'p.geojson'),
        'points-out': join(dir, 'p.csv'),
      },
      fail,
    )
    const log: string[] = []
    expect(await runNetworkStep(args, input, {}, (s) => log.push(s))).toBeNull()
    const csv = readFileSync(join(dir, 'p.csv'), 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
    expect(csv[0]).toBe('point_id,category,network_m,straight_m,linked')
    expect(csv).toHaveLength(5)
    const rows = csv.slice(1).map((l) => l.split(','))
    expect(rows.map((r) => [r[0], r[1], r[4]])).toEqual([
      ['home-1', 'canteen', 'true'],
      ['home-1', 'store', 'true'],
      ['7', 'canteen', 'false'],
      ['7', 'store', 'false'],
    ])
    expect(Number(rows[1]![2])).toBeGreaterThanOrEqual(Number(rows[1]![3]))
    expect(Number(rows[1]![3])).toBeLessThanOrEqual(101)
    expect(rows[2]![2]).toBe('')
    expect(Number(rows[2]![3])).toBeGreaterThan(1000)
    expect(log.at(-1)).toMatch(/2 points × 2 categories \(1 points unlinked\)/)
  })

  it('points without an id are refused, naming the feature', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'net-'))
    writeFileSync(
      join(dir, 'p.geojson'),
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: {},
            geometry: { type: 'Point', coordinates: [121.4, 31.05] },
          },
        ],
      }),
    )
    const args = readNetworkArgs(
      {
        network: join(DEMO, 'streets.geojson'),
        points: join(dir, 'p.geojson'),
        'points-out': join(dir, 'p.csv'),
      },
      fail,
    )
    const err = await runNetworkStep(args, demoInput(), {}, () => {}).catch((e: unknown) => e)
    expect(String(err)).toMatch(/p.geojson feature 0, field "id": every point needs an id property/)
  })
})

describe('in an ES-module bundle, as the built CLI runs', () => {
  it('reads OSM PBF (the parser is sloppy-mode CommonJS)', async () => {
    const root = resolve(import.meta.dirname, '../..')
    const out = await build({
      stdin: {
        contents: [
          "import { writeOsmPbf } from './tests/fixtures/network/osm-pbf-writer.ts'",
          "import { importNetwork } from './web/src/core/network/import-network.ts'",
          'const bytes = writeOsmPbf([{ id: 1, lon: 121.5, lat: 25 }, { id: 2, lon: 121.501, lat: 25 }], [{ id: 10, refs: [1, 2], tags: { highway: "footway" } }])',
          'console.log(importNetwork(bytes, { source: "x.osm.pbf" }).graph.edgeCount)',
        ].join('\n'),
        resolveDir: root,
        loader: 'ts',
      },
      bundle: true,
      format: 'esm',
      platform: 'node',
      write: false,
      logLevel: 'silent',
    })
    const file = join(mkdtempSync(join(tmpdir(), 'net-')), 'pbf.mjs')
    writeFileSync(file, out.outputFiles[0]!.text)
    const run = spawnSync(process.execPath, ['--no-deprecation', file], { encoding: 'utf8' })
    expect(run.stderr).toBe('')
    expect(run.stdout.trim()).toBe('1')
  })
})
