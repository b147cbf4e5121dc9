/**
 * `npm run coverage -- --mode network`: the coverage CLI with walking distances along the demo
 * city's streets, as a whole process. Invariants from the network issue: at the same reach a
 * network share is never above the circle share; a point's walking distance is never below
 * its straight-line distance.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { CoverageResult } from '../../web/src/core/coverage/types.ts'
import { parseCsv } from '../../web/src/core/io/parse-csv.ts'

const ROOT = resolve(import.meta.dirname, '../..')
const DEMO = join(ROOT, 'data/demo')
const dir = mkdtempSync(join(tmpdir(), 'coverage-network-cli-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function cli(...args: string[]) {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'scripts/coverage.ts'), ...args],
    { cwd: ROOT, encoding: 'utf8', timeout: 180_000 },
  )
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

const city = [
  '--communities',
  join(DEMO, 'communities.geojson'),
  '--facilities',
  join(DEMO, 'facilities.geojson'),
  '--population',
  join(DEMO, 'population-blocks.geojson'),
  '--minutes',
  '15',
  '--pace',
  'elderly',
]

describe('coverage CLI in walking-network mode on the demo city', () => {
  it('gives shares no higher than the circles at the same reach, and a points file', () => {
    const networkOut = join(dir, 'network.json')
    const points = join(dir, 'points.csv')
    const net = cli(
      ...city,
      '--mode',
      'network',
      '--network',
      join(DEMO, 'streets.geojson'),
      '--points',
      join(DEMO, 'facilities.geojson'),
      '--points-out',
      points,
      '--out',
      networkOut,
    )
    expect(net.status, net.stderr).toBe(0)
    expect(net.stderr).toMatch(/streets\.geojson \(geojson\): \d+ lines read/)
    const circleOut = join(dir, 'circle.json')
    const circle = cli(...city, '--method', 'fast', '--out', circleOut)
    expect(circle.status, circle.stderr).toBe(0)

    const n = JSON.parse(readFileSync(networkOut, 'utf8')) as CoverageResult
    const c = JSON.parse(readFileSync(circleOut, 'utf8')) as CoverageResult
    expect(n.settings.categories.map((x) => x.reach_m)).toEqual(
      c.settings.categories.map((x) => x.reach_m),
    )
    let lower = 0
    for (const code of Object.keys(c.city.categories)) {
      const ns = n.city.categories[code]!.population_share!
      const cs = c.city.categories[code]!.population_share!
      expect(ns).toBeLessThanOrEqual(cs + 1e-9)
      if (ns < cs - 0.01) lower++
      for (const [k, row] of n.communities.entries()) {
        const cn = row.categories[code]!.area_share
        const cc = c.communities[k]!.categories[code]!.area_share
        expect(cn, `${row.id} ${code}`).toBeLessThanOrEqual(cc + 1e-9)
      }
    }
    // Streets make walks longer than straight lines: some category loses people.
    expect(lower).toBeGreaterThan(0)

    const table = parseCsv(readFileSync(points, 'utf8'))
    expect(table.header).toEqual(['point_id', 'category', 'network_m', 'straight_m', 'linked'])
    const body = table.rows.map((r) => r.values)
    expect(body.length).toBeGreaterThan(1000)
    for (const [id, , network, straight, linked] of body) {
      expect(id).not.toBe('')
      if (linked === 'true') expect(Number(network)).toBeGreaterThanOrEqual(Number(straight) - 0.1)
      else expect(network).toBe('')
    }
  }, 240_000)

  it('refuses network mode without a network, naming the flag', () => {
    const r = cli(...city, '--mode', 'network')
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('--mode network needs --network FILE')
  })
})
