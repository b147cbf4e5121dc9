import { booleanPointInPolygon } from '@turf/turf'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runNearCli } from '../../scripts/near.ts'

const ROOT = resolve(import.meta.dirname, '../..')
const DEMO_FACILITIES = join(ROOT, 'data/demo/facilities.geojson')
const DEMO_COMMUNITIES = join(ROOT, 'data/demo/communities.geojson')

interface Line {
  within_reach: boolean
  reach_m: number
  nearest: { id: string; name: string | null; distance_m: number; minutes: number } | null
  in_gap: boolean | null
  community: { id: string; name: string } | null
}
interface Output {
  point: [number, number]
  categories: Record<string, Line>
}

/** Haversine on the 6,371,008.8 m sphere, written here apart from the code under test. */
function haversine(a: readonly number[], b: readonly number[]): number {
  const r = Math.PI / 180
  const s =
    Math.sin(((b[1]! - a[1]!) * r) / 2) ** 2 +
    Math.cos(a[1]! * r) * Math.cos(b[1]! * r) * Math.sin(((b[0]! - a[0]!) * r) / 2) ** 2
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(s))
}

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await runNearCli(
    args,
    (s) => (stdout += s),
    (s) => (stderr += `${s}\n`),
  )
  return { code, stdout, stderr }
}

async function near(...args: string[]): Promise<Output> {
  const r = await run(...args)
  expect(r.code, r.stderr).toBe(0)
  return JSON.parse(r.stdout) as Output
}

type Props = Record<string, unknown>
const facilities = (
  JSON.parse(readFileSync(DEMO_FACILITIES, 'utf8')) as FeatureCollection<Point, Props>
).features
const communities = (
  JSON.parse(readFileSync(DEMO_COMMUNITIES, 'utf8')) as FeatureCollection<
    Polygon | MultiPolygon,
    Props
  >
).features
const CODES = [...new Set(facilities.map((f) => String(f.properties.category)))]

/** What the CLI must answer, computed from the raw file here. */
function expected(point: [number, number], minutes: number, pace?: 'ordinary' | 'elderly') {
  const community = communities.find((c) => booleanPointInPolygon(point, c))
  const out: Record<string, Line> = {}
  for (const code of CODES) {
    const kmh = (pace ?? (code === 'canteen' ? 'elderly' : 'ordinary')) === 'elderly' ? 3 : 4.5
    const reach = (minutes * kmh * 1000) / 60
    const open = facilities.filter(
      (f) =>
        f.properties.category === code &&
        f.properties.status === 'open' &&
        f.properties.published !== false,
    )
    let best: Feature<Point, Props> | null = null
    let bestM = Infinity
    for (const f of open) {
      const m = haversine(point, f.geometry.coordinates)
      if (m < bestM || (m === bestM && String(f.properties.id) < String(best!.properties.id))) {
        best = f
        bestM = m
      }
    }
    out[code] = {
      within_reach: bestM <= reach,
      reach_m: Math.round(reach * 10) / 10,
      nearest: best && {
        id: String(best.properties.id),
        name: String(best.properties.name),
        distance_m: bestM,
        minutes: Math.max(0, Math.ceil((bestM / 1000 / kmh) * 60 - 1e-9)),
      },
      in_gap: community ? bestM > reach : null,
      community: community
        ? { id: String(community.properties.id), name: String(community.properties.name) }
        : null,
    }
  }
  return out
}

function compare(got: Output, want: Record<string, Line>): void {
  expect(Object.keys(got.categories)).toEqual(Object.keys(want))
  for (const [code, line] of Object.entries(want)) {
    const g = got.categories[code]!
    expect(g.within_reach, code).toBe(line.within_reach)
    expect(g.reach_m, code).toBe(line.reach_m)
    expect(g.in_gap, code).toBe(line.in_gap)
    expect(g.community, code).toEqual(line.community)
    if (line.nearest === null) expect(g.nearest).toBeNull()
    else {
      expect(g.nearest!.id, code).toBe(line.nearest.id)
      expect(g.nearest!.name, code).toBe(line.nearest.name)
      // Printed to 0.1 m.
      expect(Math.abs(g.nearest!.distance_m - line.nearest.distance_m), code).toBeLessThanOrEqual(
        0.05 + 1e-9,
      )
      expect(g.nearest!.minutes, code).toBe(line.nearest.minutes)
    }
  }
}

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'near-cli-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('npm run near on the demo city', () => {
  it('has the category codes of data/demo', () => {
    expect(CODES.sort()).toEqual(['canteen', 'childcare', 'fitness', 'store'])
  })

  it('answers as computed independently, at points across the city', async () => {
    // Facility sites (distance 0 to one of them), community centres and points between.
    const points: [number, number][] = [
      [121.43, 31.04],
      facilities[0]!.geometry.coordinates as [number, number],
      facilities[200]!.geometry.coordinates as [number, number],
    ]
    for (const c of communities.slice(0, 6)) {
      const ring = (
        c.geometry.type === 'Polygon' ? c.geometry.coordinates : c.geometry.coordinates[0]!
      )[0]!
      const cx = ring.reduce((s, p) => s + p[0]!, 0) / ring.length
      const cy = ring.reduce((s, p) => s + p[1]!, 0) / ring.length
      points.push([cx, cy])
    }
    let gaps = 0
    for (const p of points) {
      const got = await near('--lon', String(p[0]), '--lat', String(p[1]))
      expect(got.point).toEqual(p)
      const want = expected(p, 15)
      compare(got, want)
      gaps += Object.values(want).filter((l) => l.in_gap).length
    }
    // The check covered in-gap answers too, not only covered ones.
    expect(gaps).toBeGreaterThan(0)
  })

  it('takes minutes and one pace for every category', async () => {
    const p: [number, number] = [121.435, 31.045]
    compare(
      await near('--lon', '121.435', '--lat', '31.045', '--minutes', '5', '--pace', 'ordinary'),
      expected(p, 5, 'ordinary'),
    )
    compare(
      await near('--lon', '121.435', '--lat', '31.045', '--minutes', '10', '--pace', 'elderly'),
      expected(p, 10, 'elderly'),
    )
  })

  it('names no community and no gap outside every community', async () => {
    const got = await near('--lon', '121.0', '--lat', '31.5')
    for (const line of Object.values(got.categories)) {
      expect(line.community).toBeNull()
      expect(line.in_gap).toBeNull()
      expect(line.within_reach).toBe(false)
    }
    compare(got, expected([121.0, 31.5], 15))
  })
})

describe('npm run near with given files', () => {
  it('counts only open, published facilities of a CSV, and a fixed reach', async () => {
    const csv = join(dir, 'f.csv')
    writeFileSync(
      csv,
      [
        'id,category,name,lon,lat,status,published',
        'a,canteen,关闭的食堂,121.4301,31.04,closed,true',
        'b,canteen,计划的食堂,121.4302,31.04,planned,true',
        'c,canteen,未发布的食堂,121.4303,31.04,open,false',
        'd,canteen,长者食堂,121.44,31.04,open,true',
        'e,store,便利店,121.45,31.04,,',
      ].join('\n'),
    )
    const got = await near(
      '--lon',
      '121.43',
      '--lat',
      '31.04',
      '--facilities',
      csv,
      '--reach-m',
      '1000',
    )
    expect(Object.keys(got.categories)).toEqual(['canteen', 'store'])
    const canteen = got.categories.canteen!
    expect(canteen.nearest!.id).toBe('d')
    expect(canteen.nearest!.distance_m).toBeCloseTo(haversine([121.43, 31.04], [121.44, 31.04]), 1)
    expect(canteen.reach_m).toBe(1000)
    expect(canteen.within_reach).toBe(true)
    expect(canteen.community).toBeNull()
    expect(canteen.in_gap).toBeNull()
    expect(got.categories.store!.within_reach).toBe(false)
  })

  it('rejects bad arguments and bad files with exit status 2 and a clear message', async () => {
    const cases: [string[], RegExp][] = [
      [['--lon', '121.43'], /--lon and --lat are required/],
      [['--lon', 'abc', '--lat', '31'], /--lon: "abc" is not a number/],
      [['--lon', '31.04', '--lat', '121.43'], /swapped/],
      [['--lon', '10', '--lat', '10'], /outside the expected region/],
      [['--lon', '121.43', '--lat', '31.04', '--pace', 'fast'], /--pace: "fast"/],
      [['--lon', '121.43', '--lat', '31.04', '--minutes', '0'], /--minutes: 0 is outside/],
      [['--lon', '121.43', '--lat', '31.04', '--bogus'], /bogus/],
      [
        ['--lon', '121.43', '--lat', '31.04', '--facilities', join(dir, 'none.geojson')],
        /none\.geojson: cannot read \(ENOENT\)/,
      ],
    ]
    for (const [args, message] of cases) {
      const r = await run(...args)
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.stderr).toMatch(message)
      expect(r.stdout).toBe('')
    }
    const broken = join(dir, 'broken.geojson')
    writeFileSync(broken, '{"type":"FeatureCollection","features":[')
    const b = await run('--lon', '121.43', '--lat', '31.04', '--facilities', broken)
    expect(b.code).toBe(2)
    expect(b.stderr).toContain('broken.geojson')
    const badFlag = join(dir, 'flag.csv')
    writeFileSync(badFlag, 'id,category,lon,lat,published\nx,store,121.43,31.04,maybe\n')
    const f = await run('--lon', '121.43', '--lat', '31.04', '--facilities', badFlag)
    expect(f.code).toBe(2)
    expect(f.stderr).toMatch(/flag\.csv row 2, field "published": "maybe" is not a yes\/no value/)
    const noId = join(dir, 'communities.geojson')
    writeFileSync(
      noId,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [{ type: 'Feature', properties: { name: 'x' }, geometry: null }],
      }),
    )
    const c = await run('--lon', '121.43', '--lat', '31.04', '--communities', noId)
    expect(c.code).toBe(2)
    expect(c.stderr).toMatch(/communities\.geojson file, field "id": no id property/)
  })

  it('runs as a separate process the way npm run near does', () => {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'scripts/near.ts'), '--lon', '121.43', '--lat', '31.04'],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 60_000,
      },
    )
    expect(r.status, r.stderr).toBe(0)
    compare(JSON.parse(r.stdout) as Output, expected([121.43, 31.04], 15))
    const bad = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'scripts/near.ts'), '--lat', '31.04'],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 60_000,
      },
    )
    expect(bad.status).toBe(2)
    expect(bad.stderr).toMatch(/--lon and --lat are required/)
  })
})
