import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import gcoord from 'gcoord'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCoverageCli } from '../../scripts/coverage.ts'
import { buildCli } from '../../scripts/build-cli.ts'

/** Hostile and broken input to the coverage CLI: each gets a clear message, or works. */

const ROOT = resolve(import.meta.dirname, '../..')
let dir: string
const file = (name: string, content: string | Uint8Array): string => {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

/** A square community `d` degrees wide at (x, y). */
function square(id: string, x: number, y: number, d = 0.01, population: unknown = 100) {
  return {
    type: 'Feature',
    properties: { id, name: id, population },
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [x, y],
          [x + d, y],
          [x + d, y + d],
          [x, y + d],
          [x, y],
        ],
      ],
    },
  }
}
const collection = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features })
const point = (id: string, x: number, y: number, category = 'store') => ({
  type: 'Feature',
  properties: { id, category },
  geometry: { type: 'Point', coordinates: [x, y] },
})

let communities: string
let facilities: string

/** Runs the CLI in this process; returns its exit status and everything it logged. */
async function run(...argv: string[]): Promise<{ status: number; log: string }> {
  const lines: string[] = []
  const out = join(dir, 'out.json')
  const status = await runCoverageCli(
    argv.includes('--out') ? argv : [...argv, '--out', out],
    (s) => lines.push(s),
  )
  return { status, log: lines.join('\n') }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'coverage-cli-input-'))
  communities = file('communities.geojson', collection([square('a', 121.5, 25.0)]))
  facilities = file('facilities.geojson', collection([point('f1', 121.505, 25.005)]))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('coverage CLI on hostile input', () => {
  it('refuses Polygon coordinates nested 100,000 deep with a message, not a stack trace', async () => {
    const depth = 100_000
    const deep = `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"a","name":"a","population":1},"geometry":{"type":"Polygon","coordinates":${'['.repeat(depth)}121.5,25${']'.repeat(depth)}}}]}`
    const r = await run('--communities', file('deep.geojson', deep), '--facilities', facilities)
    expect(r.status).toBe(2)
    expect(r.log).toMatch(/deep\.geojson feature 0, field "geometry"/)
    expect(r.log).not.toMatch(/at \w+ \(/)
  })

  it('refuses a directory and a device before reading them', async () => {
    const d = await run('--communities', dir, '--facilities', facilities)
    expect(d.status).toBe(2)
    expect(d.log).toContain(`${dir}: is a directory, not a regular file`)
    const z = await run('--communities', '/dev/zero', '--facilities', facilities)
    expect(z.status).toBe(2)
    expect(z.log).toContain('/dev/zero: is a device or socket, not a regular file')
  })

  it('reads GBK (GB18030) text and says so; refuses binary bytes naming the file', async () => {
    const gbk = Buffer.from(
      // "便利店" in GBK, in a CSV with lon/lat columns.
      '69642c6e616d652c63617465676f72792c6c6f6e2c6c61740a312cb1e3c0fbb5ea2c73746f72652c3132312e3530352c32352e3030350a',
      'hex',
    )
    const r = await run('--communities', communities, '--facilities', file('gbk.csv', gbk))
    expect(r.status, r.log).toBe(0)
    expect(r.log).toMatch(/gbk\.csv file, field "encoding": not UTF-8: read as GB18030/)
    const bin = await run(
      '--communities',
      communities,
      '--facilities',
      file('bin.csv', new Uint8Array([0x69, 0x64, 0, 1, 2, 0xff])),
    )
    expect(bin.status).toBe(2)
    expect(bin.log).toMatch(/bin\.csv: the file holds binary data/)
  })

  it('names the file when a CSV has only a header', async () => {
    const path = file('header.csv', 'id,category,lon,lat\n')
    const r = await run('--communities', communities, '--facilities', path)
    expect(r.status).toBe(2)
    expect(r.log).toContain(`${path} file, field "rows": no facility rows`)
  })

  it('takes only decimal numbers, within sane bounds', async () => {
    for (const [flag, value, why] of [
      ['--reach-m', '0x10', /written in decimal, not "0x10"/],
      ['--reach-m', '1e3', /written in decimal/],
      ['--reach-m', '1000000', /at most 100,000/],
      ['--minutes', 'Infinity', /written in decimal/],
      ['--threads', '2.5', /whole number/],
    ] as const) {
      const r = await run('--communities', communities, '--facilities', facilities, flag, value)
      expect(r.status, `${flag} ${value}`).toBe(2)
      expect(r.log).toMatch(why)
    }
    const big = file('big.geojson', collection([square('a', 121.5, 25, 0.01, 1e308)]))
    const r = await run('--communities', big, '--facilities', facilities)
    expect(r.status).toBe(2)
    expect(r.log).toMatch(/"population": 1e\+308 people is not a plausible count/)
  })

  it('warns about a self-crossing (bow-tie) community instead of a silent 0%', async () => {
    const bow = {
      ...square('b', 121.5, 25),
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [121.5, 25.0],
            [121.51, 25.01],
            [121.51, 25.0],
            [121.5, 25.01],
            [121.5, 25.0],
          ],
        ],
      },
    }
    const r = await run(
      '--communities',
      file('bow.geojson', collection([bow])),
      '--facilities',
      facilities,
    )
    expect(r.status).toBe(0)
    expect(r.log).toMatch(/bow\.geojson feature 0, field "geometry": ring 0 crosses itself/)
  })

  it('caps --threads at the cores with a message', async () => {
    const r = await run(
      '--communities',
      communities,
      '--facilities',
      facilities,
      '--threads',
      '256',
    )
    expect(r.status).toBe(0)
    const cores = availableParallelism()
    expect(r.log).toContain(`--threads 256: this machine has ${cores} cores; using ${cores}`)
  })

  it('draws no gaps for a community over the vertex limit, and says so', async () => {
    const n = 60_000
    const ring = Array.from({ length: n + 1 }, (_, k) => {
      const a = (2 * Math.PI * (k % n)) / n
      return [121.5 + 0.02 * Math.cos(a), 25 + 0.02 * Math.sin(a)]
    })
    const huge = {
      type: 'Feature',
      properties: { id: 'huge', name: 'huge', population: 10 },
      geometry: { type: 'Polygon', coordinates: [ring] },
    }
    const gaps = join(dir, 'gaps.geojson')
    const r = await run(
      '--communities',
      file('huge.geojson', collection([huge, square('small', 121.6, 25.1)])),
      '--facilities',
      facilities,
      '--reach-m',
      '300',
      '--gaps',
      gaps,
    )
    expect(r.status, r.log).toBe(0)
    expect(r.log).toMatch(/no gap drawn for community huge: its boundary has 60,001 vertices/)
  })

  it('prints where the time went with --timings', async () => {
    const r = await run('--communities', communities, '--facilities', facilities, '--timings')
    expect(r.log).toMatch(/timings: start \d+ ms, read \d+ ms, compute \d+ ms, write \d+ ms/)
  })
})

describe('built CLI', () => {
  it('builds bin/coverage.mjs, which runs without a TypeScript loader', async () => {
    expect(await buildCli({ check: true })).toEqual(
      expect.arrayContaining(['bin/coverage.mjs', 'bin/bench.mjs', 'bin/coverage-pool-worker.mjs']),
    )
    await buildCli()
    const r = spawnSync(
      process.execPath,
      [
        join(ROOT, 'bin/coverage.mjs'),
        '--communities',
        communities,
        '--facilities',
        facilities,
        '--quiet',
      ],
      { encoding: 'utf8', timeout: 60_000 },
    )
    expect(r.status, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout).communities[0].id).toBe('a')
  })
})

describe('coverage CLI fixed cases', () => {
  type Out = {
    communities: {
      id: string
      categories: Record<string, { area_share: number; nearest_m_median: number | null }>
    }[]
  }
  const result = (name: string): Out => JSON.parse(readFileSync(join(dir, name), 'utf8')) as Out

  it('refuses an empty file, naming it', async () => {
    const empty = file('empty.geojson', '')
    const c = await run('--communities', empty, '--facilities', facilities)
    expect(c.status).toBe(2)
    expect(c.log).toContain(`${empty}: the file is empty`)
    const emptyCsv = file('empty.csv', '')
    const f = await run('--communities', communities, '--facilities', emptyCsv)
    expect(f.status).toBe(2)
    expect(f.log).toContain(`${emptyCsv}: the file is empty`)
  })

  it('reads files that start with a UTF-8 byte-order mark', async () => {
    const c = file('bom.geojson', `\uFEFF${collection([square('a', 121.5, 25.0)])}`)
    const f = file('bom.csv', '\uFEFFid,category,lon,lat\r\nf1,store,121.505,25.005\r\n')
    const r = await run('--communities', c, '--facilities', f, '--out', join(dir, 'bom.json'))
    expect(r.status, r.log).toBe(0)
    expect(result('bom.json').communities[0]!.categories.store!.area_share).toBe(1)
  })

  it('names the feature or row whose latitude and longitude are swapped', async () => {
    const g = await run(
      '--communities',
      communities,
      '--facilities',
      file('swapped.geojson', collection([point('f1', 25.005, 121.505)])),
    )
    expect(g.status).toBe(2)
    expect(g.log).toMatch(
      /swapped\.geojson feature 0, field "geometry": \(25\.005, 121\.505\) looks like latitude and longitude swapped/,
    )
    const c = await run(
      '--communities',
      communities,
      '--facilities',
      file(
        'swapped.csv',
        'id,category,lon,lat\nf1,store,121.505,25.005\nf2,store,25.005,121.505\n',
      ),
    )
    expect(c.status).toBe(2)
    expect(c.log).toMatch(
      /swapped\.csv row 3, field "lon\/lat": .* looks like latitude and longitude swapped/,
    )
    const swappedSquare = square('s', 121.5, 25.0)
    swappedSquare.geometry.coordinates = [
      swappedSquare.geometry.coordinates[0]!.map(([x, y]) => [y!, x!]),
    ]
    const p = await run(
      '--communities',
      file('swapped-c.geojson', collection([square('a', 121.5, 25.0), swappedSquare])),
      '--facilities',
      facilities,
    )
    expect(p.status).toBe(2)
    expect(p.log).toMatch(
      /swapped-c\.geojson feature 1, field "geometry": ring 0 position 0: .* swapped/,
    )
  })

  it('refuses points outside China naming the row, unless --region any', async () => {
    const paris = file(
      'paris.csv',
      'id,category,lon,lat\nf1,store,121.505,25.005\nf2,store,2.35,48.85\n',
    )
    const r = await run('--communities', communities, '--facilities', paris)
    expect(r.status).toBe(2)
    expect(r.log).toMatch(
      /paris\.csv row 3, field "lon\/lat": \(2\.35, 48\.85\) is outside the expected region/,
    )
    const any = await run('--communities', communities, '--facilities', paris, '--region', 'any')
    expect(any.status, any.log).toBe(0)
  })

  it('converts GCJ-02 (AMap, Tencent) positions with --crs gcj02', async () => {
    // Shanghai: the GCJ-02 shift applies in mainland China (several hundred metres here).
    const wgs: [number, number] = [121.475, 31.235]
    const gcj = gcoord.transform(wgs, gcoord.WGS84, gcoord.GCJ02) as [number, number]
    // --crs is for every file: the community too comes from the GCJ-02 map, except in the
    // last run, where only the facilities file was taken from an AMap export.
    const shWgs = square('sh', 121.47, 31.23, 0.01)
    const shGcj = square('sh', 121.47, 31.23, 0.01)
    shGcj.geometry.coordinates = [
      shWgs.geometry.coordinates[0]!.map(
        (p) => gcoord.transform(p as [number, number], gcoord.WGS84, gcoord.GCJ02) as number[],
      ),
    ]
    const cWgs = file('sh-wgs-c.geojson', collection([shWgs]))
    const cGcj = file('sh-gcj-c.geojson', collection([shGcj]))
    const asWgs = file('sh-wgs.geojson', collection([point('f1', ...wgs)]))
    const asGcj = file('sh-gcj.geojson', collection([point('f1', ...gcj)]))
    for (const [c, f, out, extra] of [
      [cWgs, asWgs, 'sh-wgs.json', []],
      [cGcj, asGcj, 'sh-gcj.json', ['--crs', 'gcj02']],
      [cWgs, asGcj, 'sh-gcj-as-wgs.json', []],
    ] as const) {
      const r = await run(
        '--communities',
        c,
        '--facilities',
        f,
        '--reach-m',
        '400',
        '--out',
        join(dir, out),
        ...extra,
      )
      expect(r.status, r.log).toBe(0)
    }
    const near = (name: string) => result(name).communities[0]!.categories.store!
    // gcoord's inverse is iterative: metres agree to well under 1 m.
    expect(near('sh-gcj.json').nearest_m_median!).toBeCloseTo(
      near('sh-wgs.json').nearest_m_median!,
      0,
    )
    expect(near('sh-gcj.json').area_share).toBeCloseTo(near('sh-wgs.json').area_share, 3)
    // Read as WGS-84, the same file is visibly off: why the option exists.
    expect(
      Math.abs(near('sh-gcj-as-wgs.json').area_share - near('sh-wgs.json').area_share),
    ).toBeGreaterThan(0.01)
    const bad = await run('--communities', cWgs, '--facilities', asGcj, '--crs', 'mars')
    expect(bad.status).toBe(2)
    expect(bad.log).toContain('--crs must be wgs84, gcj02, bd09, not "mars"')
  })

  it('reports duplicate rows: same place and name kept with a warning, same id refused', async () => {
    const same = file(
      'dupes.csv',
      'name,category,lon,lat\nA,store,121.505,25.005\nA,store,121.505,25.005\n',
    )
    const r = await run('--communities', communities, '--facilities', same)
    expect(r.status, r.log).toBe(0)
    expect(r.log).toMatch(
      /dupes\.csv row 3, field "name": same category, name and position as row 2; kept both/,
    )
    const ids = file(
      'dupe-ids.csv',
      'id,category,lon,lat\nf1,store,121.505,25.005\nf1,store,121.506,25.006\n',
    )
    const i = await run('--communities', communities, '--facilities', ids)
    expect(i.status).toBe(2)
    expect(i.log).toMatch(/dupe-ids\.csv row 3, field "id": duplicate id "f1" \(also row 2\)/)
    const twice = file(
      'dupe-c.geojson',
      collection([square('a', 121.5, 25), square('a', 121.6, 25)]),
    )
    const c = await run('--communities', twice, '--facilities', facilities)
    expect(c.status).toBe(2)
    expect(c.log).toMatch(
      /dupe-c\.geojson feature 1, field "id": duplicate id "a" \(also feature 0\)/,
    )
  })

  it('closes an unclosed ring with a warning; refuses one too short to be a ring', async () => {
    const open = square('a', 121.5, 25.0)
    open.geometry.coordinates[0]!.pop()
    const r = await run(
      '--communities',
      file('open.geojson', collection([open])),
      '--facilities',
      facilities,
      '--reach-m',
      '300',
      '--out',
      join(dir, 'open.json'),
    )
    expect(r.status, r.log).toBe(0)
    expect(r.log).toMatch(
      /open\.geojson feature 0, field "geometry": ring 0 was not closed; closed it/,
    )
    const closed = await run(
      '--communities',
      communities,
      '--facilities',
      facilities,
      '--reach-m',
      '300',
      '--out',
      join(dir, 'closed.json'),
    )
    expect(closed.status).toBe(0)
    expect(result('open.json').communities).toEqual(result('closed.json').communities)
    const tiny = square('t', 121.5, 25.0)
    tiny.geometry.coordinates[0] = tiny.geometry.coordinates[0]!.slice(0, 2)
    const t = await run(
      '--communities',
      file('tiny.geojson', collection([tiny])),
      '--facilities',
      facilities,
    )
    expect(t.status).toBe(2)
    expect(t.log).toMatch(
      /tiny\.geojson feature 0, field "geometry": ring 0 has 3 positions; a ring needs at least 4/,
    )
  })

  it('accepts 3-D coordinates and ignores the height', async () => {
    const c3 = square('a', 121.5, 25.0)
    c3.geometry.coordinates = [c3.geometry.coordinates[0]!.map(([x, y], k) => [x!, y!, 10 * k])]
    const f3 = point('f1', 121.505, 25.005)
    f3.geometry.coordinates = [121.505, 25.005, 42]
    const r = await run(
      '--communities',
      file('c3.geojson', collection([c3])),
      '--facilities',
      file('f3.geojson', collection([f3])),
      '--reach-m',
      '300',
      '--out',
      join(dir, '3d.json'),
    )
    expect(r.status, r.log).toBe(0)
    const flat = await run(
      '--communities',
      communities,
      '--facilities',
      facilities,
      '--reach-m',
      '300',
      '--out',
      join(dir, '2d.json'),
    )
    expect(flat.status).toBe(0)
    expect(result('3d.json')).toEqual(result('2d.json'))
  })

  it('refuses a 200 MB file by its size, before reading it', async () => {
    // A sparse file: 200 MiB long, no blocks on disk. Read, its zero bytes would be refused as
    // binary data instead, after a long read.
    const big = join(dir, 'big-sparse.geojson')
    truncateSync(file('big-sparse.geojson', ''), 200 * 2 ** 20)
    const t0 = performance.now()
    const r = await run('--communities', big, '--facilities', facilities)
    expect(r.status).toBe(2)
    expect(r.log).toContain(`${big}: 210 MB is too large (at most 200 MB); nothing of it was read`)
    expect(performance.now() - t0).toBeLessThan(5_000)
  })
})
