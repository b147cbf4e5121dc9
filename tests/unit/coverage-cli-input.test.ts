import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
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
