/**
 * Hostile and broken input to the coverage CLI on purpose: random and mutated GeoJSON / CSV
 * community and facility files never crash the run or print a trace. Each run ends with exit 0
 * and a usable result, or exit 2, nothing written, and messages that name the file and the
 * feature / row and field (or the file itself when it cannot be read at all).
 * fast-check runs from the run's printed seed (FC_SEED replays it).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCoverageCli } from '../../scripts/coverage.ts'
import { byteMutation, mutateBytes } from '../fixtures/fuzz/mutate-bytes.ts'

const ROOT = resolve(import.meta.dirname, '../..')
let dir: string
let cases = 0
let accepted = 0
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'coverage-input-fuzz-'))
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
  console.log(`coverage input fuzz cases run: ${cases} (${accepted} computed, the rest rejected)`)
})

// --- what the files hold: good values mixed with every kind of bad one -----------------------

// Mostly good values, so that many runs compute and the bad ones are found among good rows.
const lon = fc.oneof(
  { weight: 20, arbitrary: fc.double({ min: 121.4, max: 121.6, noNaN: true }) },
  { weight: 1, arbitrary: fc.double({ min: -200, max: 200, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(25.03, 0, -0, 1e308, 180.0001) },
)
const lat = fc.oneof(
  { weight: 20, arbitrary: fc.double({ min: 24.9, max: 25.1, noNaN: true }) },
  { weight: 1, arbitrary: fc.double({ min: -100, max: 100, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(121.5, 0, 90.5) },
)
/** A coordinate value as JSON holds it: a number, numeric text, or junk. */
const coordValue = (n: fc.Arbitrary<number>): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 30, arbitrary: n },
    { weight: 1, arbitrary: n.map(String) },
    { weight: 1, arbitrary: fc.constantFrom(null, 'NA', '', 'abc', true, [], {}) },
  )
const position = fc.oneof(
  { weight: 30, arbitrary: fc.tuple(coordValue(lon), coordValue(lat)) },
  // 3-D: the height is dropped.
  { weight: 2, arbitrary: fc.tuple(coordValue(lon), coordValue(lat), fc.double()) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
)
/** A square ring near Taipei, possibly unclosed, reversed, 3-D or bow-tied. */
const ring = fc.oneof(
  {
    weight: 30,
    arbitrary: fc
      .record({
        x: fc.double({ min: 121.4, max: 121.6, noNaN: true }),
        y: fc.double({ min: 24.9, max: 25.1, noNaN: true }),
        d: fc.double({ min: 1e-6, max: 0.05, noNaN: true }),
        closed: fc.boolean(),
        reversed: fc.boolean(),
        bowTie: fc.boolean(),
        z: fc.option(fc.double({ min: -10, max: 100, noNaN: true }), { nil: undefined }),
      })
      .map(({ x, y, d, closed, reversed, bowTie, z }) => {
        const pts: number[][] = bowTie
          ? [
              [x, y],
              [x + d, y + d],
              [x + d, y],
              [x, y + d],
            ]
          : [
              [x, y],
              [x + d, y],
              [x + d, y + d],
              [x, y + d],
            ]
        if (reversed) pts.reverse()
        if (closed) pts.push([...pts[0]!])
        return z === undefined ? pts : pts.map((p) => [...p, z])
      }),
  },
  { weight: 2, arbitrary: fc.array(position, { maxLength: 6 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
)
const polygonal = fc.oneof(
  {
    weight: 30,
    arbitrary: fc
      .array(ring, { minLength: 1, maxLength: 2 })
      .map((rings) => ({ type: 'Polygon', coordinates: rings })),
  },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.array(ring, { minLength: 1, maxLength: 2 }), { maxLength: 3 })
      .map((polys) => ({ type: 'MultiPolygon', coordinates: polys })),
  },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.constant(null),
      fc.record({
        type: fc.constantFrom('Point', 'LineString', 'Polygon', 'GeometryCollection', 'x'),
        coordinates: fc.jsonValue({ maxDepth: 3 }),
      }),
      fc.jsonValue({ maxDepth: 2 }),
    ),
  },
)
const text = fc.oneof(
  fc.string({ maxLength: 10 }),
  fc.constantFrom(
    '社区甲',
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '',
    'NA',
    ',',
    '"',
    '\n',
  ),
)
const goodMostly = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom('社区甲', '助餐点', 'Store 7', '') },
  { weight: 3, arbitrary: text },
)
const count = fc.oneof(
  { weight: 30, arbitrary: fc.integer({ min: 0, max: 50_000 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      -1,
      1e308,
      0.5,
      '1200',
      '1,200',
      'abc',
      '',
      null,
      true,
      '1e400',
      3e8 + 1,
    ),
  },
  { weight: 1, arbitrary: fc.double() },
)
const community = fc.record(
  {
    type: fc.oneof(
      { weight: 30, arbitrary: fc.constant('Feature') },
      { weight: 1, arbitrary: fc.constantFrom('feature', 'Point') },
    ),
    properties: fc.oneof(
      {
        weight: 30,
        arbitrary: fc.record(
          {
            id: fc.oneof({ weight: 30, arbitrary: fc.uuid() }, text, fc.nat()),
            name: goodMostly,
            population: count,
            population_elderly: count,
            population_infants: count,
          },
          { requiredKeys: ['id', 'name', 'population'] },
        ),
      },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) },
    ),
    geometry: polygonal,
  },
  { requiredKeys: ['type', 'geometry'] },
)
const CATEGORIES = ['canteen', 'childcare', 'fitness', 'store']
const category = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom(...CATEGORIES) },
  { weight: 1, arbitrary: text },
)
const status = fc.option(
  fc.oneof(
    { weight: 30, arbitrary: fc.constantFrom('open', 'closed', 'planned', '营业') },
    { weight: 1, arbitrary: text },
  ),
  { nil: undefined },
)
const capacity = fc.option(count, { nil: undefined })
const facility = fc.record({
  // Without an id a row gets one from its file and row; a few repeat on purpose.
  id: fc.option(fc.oneof(fc.constantFrom('f1', 'f2'), text, fc.nat()), {
    nil: undefined,
    freq: 10,
  }),
  name: goodMostly,
  category,
  status,
  capacity,
  lon: coordValue(lon),
  lat: coordValue(lat),
})
type Facility = typeof facility extends fc.Arbitrary<infer T> ? T : never

const collection = (features: unknown[]) => ({ type: 'FeatureCollection', features })
function facilitiesGeoJson(rows: Facility[]): unknown {
  return collection(
    rows.map(({ lon: x, lat: y, ...properties }) => ({
      type: 'Feature',
      properties,
      geometry: { type: 'Point', coordinates: [x, y] },
    })),
  )
}
function csvCell(v: unknown): string {
  const s = v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v)
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}
const CSV_COLUMNS = ['id', 'name', 'category', 'status', 'capacity', 'lon', 'lat'] as const
function facilitiesCsv(rows: Facility[], bom: boolean): string {
  const lines = [
    CSV_COLUMNS.join(','),
    ...rows.map((r) => CSV_COLUMNS.map((c) => csvCell(r[c])).join(',')),
  ]
  return `${bom ? '\uFEFF' : ''}${lines.join('\r\n')}`
}

/** A file's text, or its bytes after byte-level damage. */
const damage = fc.option(byteMutation, { nil: undefined, freq: 2 })
const encode = (s: string) => new TextEncoder().encode(s)

// --- what every run must satisfy ---------------------------------------------------------------

/** Where in a file a message may point: `feature 3`, `row 12`, `line 1 column 9`, the file … */
const WHERE = /^(feature \d+|row \d+|line \d+( column \d+)?|file|header|id .+)$/

async function checkRun(
  files: Record<string, Uint8Array | string>,
  extra: string[] = [],
  facilityCategory?: string,
) {
  cases++
  const paths: Record<string, string> = {}
  for (const [name, content] of Object.entries(files)) {
    paths[name] = join(dir, name)
    writeFileSync(paths[name], content)
  }
  const out = join(dir, 'out.json')
  rmSync(out, { force: true })
  const log: string[] = []
  const argv = ['--communities', paths['communities.geojson']!, '--out', out, ...extra]
  for (const [name, path] of Object.entries(paths))
    if (name.startsWith('facilities'))
      argv.push('--facilities', facilityCategory ? `${facilityCategory}=${path}` : path)
  // A throw here (anything but exit 0 / 2) fails the property with its input.
  const status = await runCoverageCli(argv, (s) => log.push(s))
  const all = log.join('\n')
  expect(all).not.toMatch(/\n\s+at .+:\d+:\d+\)?$/m)
  expect([0, 2], all).toContain(status)
  if (status === 2) {
    expect(existsSync(out), 'nothing written on exit 2').toBe(false)
    const lines = all.split('\n')
    const start = lines.findIndex((l) => l === 'coverage: input rejected, nothing written')
    expect(start, all).toBeGreaterThanOrEqual(0)
    const reasons = lines.slice(start + 1).filter((l) => !l.startsWith('… and '))
    if (process.env.FUZZ_DEBUG) console.log(reasons[0])
    expect(reasons.length, all).toBeGreaterThan(0)
    for (const line of reasons) {
      const path = Object.values(paths).find(
        (p) => line.startsWith(`${p} `) || line.startsWith(`${p}: `),
      )
      expect(path, `names its file: ${line}`).toBeDefined()
      const rest = line.slice(path!.length)
      if (rest.startsWith(': ')) continue // the file as a whole (unreadable, binary, UTF-16 …)
      const m = /^ (.+?), field "(.*?)": (.+)$/.exec(rest)
      expect(m, `names the feature or row and the field: ${line}`).not.toBeNull()
      expect(m![1]).toMatch(WHERE)
      expect(m![2]!.length).toBeGreaterThan(0)
    }
    return
  }
  accepted++
  const result = JSON.parse(readFileSync(out, 'utf8')) as {
    communities: {
      id: string
      categories: Record<string, { area_share: number | null; population_share: number | null }>
    }[]
  }
  expect(result.communities.length).toBeGreaterThan(0)
  for (const c of result.communities) {
    for (const f of Object.values(c.categories)) {
      for (const share of [f.area_share, f.population_share]) {
        if (share === null) continue
        // Shares are fractions; a float sum may exceed 1 by rounding only.
        expect(share).toBeGreaterThanOrEqual(0)
        expect(share).toBeLessThanOrEqual(1 + 1e-9)
      }
    }
  }
}

const GOOD_FACILITIES = JSON.stringify(
  facilitiesGeoJson([
    { id: 'g1', name: 'g', category: 'store', status: 'open', capacity: 10, lon: 121.5, lat: 25 },
  ]),
)
const GOOD_COMMUNITIES = JSON.stringify(
  collection([
    {
      type: 'Feature',
      properties: { id: 'c', name: 'c', population: 100 },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [121.49, 24.99],
            [121.51, 24.99],
            [121.51, 25.01],
            [121.49, 25.01],
            [121.49, 24.99],
          ],
        ],
      },
    },
  ]),
)

describe('coverage input fuzzing', () => {
  it('random and damaged community files', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(community, { minLength: 1, maxLength: 5 }),
        damage,
        async (features, m) => {
          const bytes = encode(JSON.stringify(collection(features)))
          await checkRun({
            'communities.geojson': m ? mutateBytes(bytes, m) : bytes,
            'facilities.geojson': GOOD_FACILITIES,
          })
        },
      ),
      { numRuns: 400 },
    )
  })

  it('random and damaged facility files, GeoJSON and CSV (with and without BOM)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(facility, { maxLength: 6 }),
        fc.constantFrom('geojson', 'csv', 'csv-bom'),
        damage,
        fc.boolean(),
        async (rows, format, m, categoryFile) => {
          const textOut =
            format === 'geojson'
              ? JSON.stringify(facilitiesGeoJson(rows))
              : facilitiesCsv(rows, format === 'csv-bom')
          const bytes = encode(textOut)
          const name = `facilities.${format === 'geojson' ? 'geojson' : 'csv'}`
          await checkRun(
            {
              'communities.geojson': GOOD_COMMUNITIES,
              [name]: m ? mutateBytes(bytes, m) : bytes,
            },
            [],
            // `store=file` gives every row one category (the column is then ignored).
            categoryFile ? 'store' : undefined,
          )
        },
      ),
      { numRuns: 500 },
    )
  })

  it('both files random at once, with a population layer', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(community, { minLength: 1, maxLength: 3 }),
        fc.array(facility, { minLength: 1, maxLength: 4 }),
        fc.array(community, { maxLength: 3 }),
        damage,
        async (cs, fs, blocks, m) => {
          const pop = encode(JSON.stringify(collection(blocks)))
          await checkRun(
            {
              'communities.geojson': JSON.stringify(collection(cs)),
              'facilities.csv': facilitiesCsv(fs, false),
              'population.geojson': m ? mutateBytes(pop, m) : pop,
            },
            ['--population', join(dir, 'population.geojson')],
          )
        },
      ),
      { numRuns: 200 },
    )
  })

  it('the CLI as a process: exit 0 or 2 and no trace on a sample of damaged files', () => {
    const sample = fc.sample(
      fc.tuple(
        fc.array(community, { minLength: 1, maxLength: 3 }),
        fc.array(facility, { minLength: 1, maxLength: 3 }),
        byteMutation,
      ),
      { numRuns: 6, seed: fc.readConfigureGlobal().seed },
    )
    for (const [k, [cs, fs, m]] of sample.entries()) {
      cases++
      const c = join(dir, `p${k}-communities.geojson`)
      const f = join(dir, `p${k}-facilities.csv`)
      writeFileSync(
        c,
        k % 2
          ? mutateBytes(encode(JSON.stringify(collection(cs))), m)
          : JSON.stringify(collection(cs)),
      )
      writeFileSync(
        f,
        k % 2 ? facilitiesCsv(fs, false) : mutateBytes(encode(facilitiesCsv(fs, false)), m),
      )
      const out = join(dir, `p${k}.json`)
      const r = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          join(ROOT, 'scripts/coverage.ts'),
          '--communities',
          c,
          '--facilities',
          f,
          '--out',
          out,
        ],
        { encoding: 'utf8', timeout: 60_000, cwd: ROOT },
      )
      expect([0, 2], r.stderr).toContain(r.status)
      expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?$/m)
      if (r.status === 2) {
        expect(r.stderr).toContain('coverage: input rejected, nothing written')
        expect(existsSync(out)).toBe(false)
      } else expect(JSON.parse(readFileSync(out, 'utf8')).communities.length).toBeGreaterThan(0)
    }
  })
})
