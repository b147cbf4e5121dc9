/**
 * The import CLI as a user runs it: exit status, the messages on stderr, the GeoJSON it writes,
 * refusing directories, devices and oversized files before reading them; and, when a PostgreSQL
 * server is given (DATABASE_URL, as CI sets it), storing through import_facilities as a worker.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pointOnFeature } from '@turf/turf'
import type { Feature, FeatureCollection, Point, Polygon } from 'geojson'
import { PGlite } from '@electric-sql/pglite'
import { cube } from '@electric-sql/pglite/contrib/cube'
import { earthdistance } from '@electric-sql/pglite/contrib/earthdistance'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { applySqlSources } from '../../web/src/data/schema-sql-apply.ts'
import { allSqlSources } from '../../web/src/data/schema-sql.ts'
import { runImportCli } from '../../scripts/import.ts'
import { importStoreOver, type ImportStore } from '../../scripts/lib/import-store.ts'

const ROOT = resolve(import.meta.dirname, '../..')
const GBK_CSV = join(ROOT, 'tests/fixtures/import/gbk-facilities.csv')
let dir: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'import-cli-'))
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

/** Runs the CLI the way `npm run import --` does, in its own process. */
function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'scripts/import.ts'), ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, DATABASE_URL: '' },
    },
  )
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** Runs the CLI in this process; returns the exit status and what it logged. */
async function run(...args: string[]): Promise<{ code: number; log: string; out: string }> {
  const lines: string[] = []
  let out = ''
  const code = await runImportCli(
    args,
    (s) => lines.push(s),
    (s) => (out += s),
  )
  return { code, log: lines.join('\n'), out }
}

describe('import CLI', () => {
  it('imports a GBK CSV as a dry run: every bad row named, the accepted ones written as GeoJSON', () => {
    const out = join(dir, 'gbk.geojson')
    const r = cli('--file', GBK_CSV, '--dry-run', '--out', out)
    expect(r.status, r.stderr).toBe(0)
    expect(r.stderr).toContain('encoding gb18030')
    expect(r.stderr).toContain('mapping (automatic): name←名称')
    for (const line of [
      'row 4, field "name": rejected — the name is empty',
      'row 5, field "lon": rejected — (31.2331, 121.4831) looks like latitude and longitude swapped',
      'row 6, field "lon": rejected — (-73.9857, 40.7484) lies outside China',
      'row 7, field "lon": skipped — no coordinates',
      'row 8, field "name": skipped — duplicate of row 2',
      'row 10, field "category": rejected — unknown category "菜市场"',
      'row 9, field "hours": warning — opening hours "营业到很晚" not understood',
    ])
      expect(r.stderr).toContain(`gbk-facilities.csv ${line}`)
    expect(r.stderr).toContain('9 rows: 3 accepted, 4 rejected, 2 skipped')
    expect(r.stderr).toContain('dry run: nothing stored')
    const fc = JSON.parse(readFileSync(out, 'utf8')) as FeatureCollection<Point>
    expect(fc.features.map((f) => f.properties)).toEqual([
      {
        name: '幸福里老年食堂',
        category: 'canteen',
        address: '上海市黄浦区幸福路1号',
        phone: '021-63211234',
        source_row: 2,
      },
      {
        name: '阳光托育点',
        category: 'childcare',
        address: '上海市黄浦区阳光路2号',
        phone: '021-63215678',
        source_row: 3,
      },
      {
        name: '<script>alert(1)</script>健身点',
        category: 'fitness',
        address: '上海市黄浦区健身路8号',
        phone: null,
        source_row: 9,
      },
    ])
    expect(fc.features[0]!.geometry.coordinates).toEqual([121.4801, 31.2301])
  })

  it('refuses a device before reading it, and bad arguments, with exit status 2', () => {
    const zero = cli('--file', '/dev/zero', '--dry-run')
    expect(zero.status).toBe(2)
    expect(zero.stderr).toContain('file /dev/zero: not a regular file (a device, pipe or socket)')
    const none = cli('--dry-run')
    expect(none.status).toBe(2)
    expect(none.stderr).toContain('--file is required')
  })

  it('refuses a directory, a missing file and a 200 MB file from their metadata', async () => {
    expect(await run('--file', dir, '--dry-run')).toMatchObject({
      code: 2,
      log: expect.stringContaining('not a regular file (a directory)'),
    })
    expect(await run('--file', join(dir, 'nope.csv'), '--dry-run')).toMatchObject({
      code: 2,
      log: expect.stringContaining('no such file'),
    })
    // A sparse file: 200 MB by its size, nothing written, nothing read.
    const big = join(dir, 'big.csv')
    writeFileSync(big, '')
    truncateSync(big, 200 * 1024 * 1024)
    const r = await run('--file', big, '--dry-run')
    expect(r.code).toBe(2)
    expect(r.log).toContain('the file is 200.0 MB, over the 50.0 MB import limit')
    expect((await run('--file', GBK_CSV, '--dry-run', '--max-mb', '0.0001')).log).toContain(
      'over the',
    )
  })

  it('takes a mapping file, and refuses one naming a missing column or not JSON', async () => {
    const csv = join(dir, 'm.csv')
    writeFileSync(csv, '機構名稱,經度,緯度,種類\n甲便利商店,121.5,25.04,x\n')
    const good = join(dir, 'good.json')
    writeFileSync(
      good,
      JSON.stringify({ name: '機構名稱', lon: '經度', lat: '緯度', category: { value: 'store' } }),
    )
    const ok = await run('--file', csv, '--mapping', good, '--dry-run', '--json')
    expect(ok.code, ok.log).toBe(0)
    expect(ok.log).toContain('mapping (given)')
    expect(JSON.parse(ok.out).report.counts).toMatchObject({ rows: 1, accepted: 1 })
    const typo = join(dir, 'typo.json')
    writeFileSync(typo, JSON.stringify({ name: '名稱', lon: '經度', lat: '緯度' }))
    const bad = await run('--file', csv, '--mapping', typo, '--dry-run', '--category', 'store')
    expect(bad.code).toBe(2)
    expect(bad.log).toContain(
      'the mapping reads "name" from column "名稱", which the file does not have',
    )
    const notJson = join(dir, 'bad.json')
    writeFileSync(notJson, '{ name: ')
    expect(await run('--file', csv, '--mapping', notJson, '--dry-run')).toMatchObject({
      code: 2,
      log: expect.stringContaining('not valid JSON'),
    })
    const field = join(dir, 'field.json')
    writeFileSync(field, JSON.stringify({ title: '機構名稱' }))
    expect(await run('--file', csv, '--mapping', field, '--dry-run')).toMatchObject({
      code: 2,
      log: expect.stringContaining('unknown field "title"'),
    })
  })

  it('needs --dry-run or a database and a user, and a known --crs', async () => {
    const saved = process.env.DATABASE_URL
    delete process.env.DATABASE_URL
    try {
      expect(await run('--file', GBK_CSV)).toMatchObject({
        code: 2,
        log: expect.stringContaining('give --database-url'),
      })
      expect(await run('--file', GBK_CSV, '--database-url', 'postgres://x')).toMatchObject({
        code: 2,
        log: expect.stringContaining('--as EMAIL'),
      })
      expect(await run('--file', GBK_CSV, '--crs', 'utm', '--dry-run')).toMatchObject({
        code: 2,
        log: expect.stringContaining('--crs must be one of wgs84, gcj02, bd09'),
      })
      expect(await run('--file', GBK_CSV, '--dry-run', '--out', join(dir, 'x.txt'))).toMatchObject({
        code: 2,
      })
    } finally {
      if (saved !== undefined) process.env.DATABASE_URL = saved
    }
  })

  it('exits 2 when no row at all can be imported, and writes nothing', async () => {
    const csv = join(dir, 'allbad.csv')
    writeFileSync(csv, 'name,lon,lat,type\n,121.5,25,store\nx,200,100,store\n')
    const out = join(dir, 'allbad.geojson')
    const r = await run('--file', csv, '--dry-run', '--out', out)
    expect(r.code).toBe(2)
    expect(r.log).toContain('no row could be imported')
    expect(() => readFileSync(out)).toThrow()
  })
})

interface TestDb {
  name: string
  /** The URL given to the CLI (PGlite's is a label: its store is handed in). */
  url: string
  query(sql: string): Promise<Record<string, unknown>[]>
  openStore?: (url: string, email: string) => Promise<ImportStore>
  close(): Promise<void>
}

async function pgliteDb(): Promise<TestDb> {
  const db = await PGlite.create({ extensions: { cube, earthdistance } })
  await applySqlSources(db, allSqlSources())
  return {
    name: 'PGlite',
    url: 'pglite://in-process',
    query: async (sql) => (await db.query<Record<string, unknown>>(sql)).rows,
    openStore: (_url, email) => importStoreOver(db, email, async () => {}),
    close: () => db.close(),
  }
}

async function postgresDb(serverUrl: string): Promise<TestDb> {
  const name = `lifecircle_import_cli_${process.pid}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query(`drop database if exists ${name} with (force)`)
  await admin.query(`create database ${name}`)
  const target = new URL(serverUrl)
  target.pathname = `/${name}`
  const client = new pg.Client({ connectionString: target.toString() })
  await client.connect()
  await applySqlSources(
    { query: (q, p) => client.query(q, p), exec: (q) => client.query(q) },
    allSqlSources(),
  )
  return {
    name: 'PostgreSQL',
    url: target.toString(),
    query: async (sql) => (await client.query(sql)).rows,
    async close() {
      await client.end()
      await admin.query(`drop database if exists ${name} with (force)`)
      await admin.end()
    },
  }
}

// Storing runs on PGlite always and, as the DB suite does, on the PostgreSQL server at
// DATABASE_URL when that is set (CI sets it).
const backends: [string, () => Promise<TestDb>][] = [['PGlite', pgliteDb]]
if (process.env.DATABASE_URL) {
  const serverUrl = process.env.DATABASE_URL
  backends.push(['PostgreSQL', () => postgresDb(serverUrl)])
}

describe.each(backends)('import CLI storing as a worker on %s', (_name, open) => {
  let db: TestDb
  beforeAll(async () => {
    db = await open()
  })
  afterAll(async () => {
    await db?.close()
  })
  const runDb = async (...args: string[]) => {
    const lines: string[] = []
    const code = await runImportCli(
      args,
      (s) => lines.push(s),
      () => {},
      db.openStore,
    )
    return { code, log: lines.join('\n') }
  }

  it('stores the accepted rows once, reports the database refusals by file row, and skips them on a rerun', async () => {
    const communities = JSON.parse(
      readFileSync(join(ROOT, 'data/demo/communities.geojson'), 'utf8'),
    ) as FeatureCollection<Polygon>
    const facilities = JSON.parse(
      readFileSync(join(ROOT, 'data/demo/facilities.geojson'), 'utf8'),
    ) as FeatureCollection<Point>
    const inside = (id: string) =>
      pointOnFeature(communities.features.find((f) => f.properties!.id === id) as Feature<Polygon>)
        .geometry.coordinates
    // worker.a manages 吉祥社区 (b8a4022a…); e44e8b11… is worker.b's.
    const [ax, ay] = inside('b8a4022a-fa0b-497f-b479-c21dbc55e92c')
    const [bx, by] = inside('e44e8b11-ebe3-4d10-bae0-eab686070b34')
    const stored = facilities.features[0]!
    const csv = join(dir, `store-${db.name}.csv`)
    writeFileSync(
      csv,
      [
        '名称,类型,地址,经度,纬度,营业时间',
        `导入测试便利店,便利店,吉祥路1号,${ax},${ay},7:00-23:00`,
        `导入测试托育点,托育点,吉祥路2号,${ax! + 0.0003},${ay},`,
        `别人社区的健身点,健身点,别处路3号,${bx},${by},`,
        `${stored.properties!.name},${stored.properties!.category},,${stored.geometry.coordinates[0]},${stored.geometry.coordinates[1]},`,
      ].join('\n'),
    )
    const args = [
      '--file',
      csv,
      '--database-url',
      db.url,
      '--as',
      'worker.a@demo.lifecircle',
      '--source',
      'CLI 测试',
    ]
    const count = async () =>
      Number(
        (
          await db.query(
            `select count(*)::int as n from public.facilities where source = 'CLI 测试'`,
          )
        )[0]!['n'],
      )

    const dry = await runDb(...args, '--dry-run')
    expect(dry.code, dry.log).toBe(0)
    expect(dry.log).toContain('row 5, field "name": skipped — already stored as')
    expect(dry.log).toContain('row 4, field "lon": rejected by the database')
    expect(dry.log).toContain(
      'dry run, nothing stored; the database would have: 2 added, 0 updated, 0 skipped, 1 rejected',
    )
    expect(await count()).toBe(0)

    const first = await runDb(...args)
    expect(first.code, first.log).toBe(0)
    expect(first.log).toContain('stored: 2 added, 0 updated, 0 skipped, 1 rejected')
    expect(await count()).toBe(2)
    const row = (
      await db.query(
        `select hours, community_id::text as community_id from public.facilities where name = '导入测试便利店'`,
      )
    )[0]
    expect(row).toEqual({
      hours: '07:00-23:00',
      community_id: 'b8a4022a-fa0b-497f-b479-c21dbc55e92c',
    })

    const again = await runDb(...args)
    expect(again.code, again.log).toBe(0)
    expect(again.log).toContain('row 2, field "name": skipped — already stored as "导入测试便利店"')
    expect(await count()).toBe(2)

    const nobody = await runDb(
      '--file',
      csv,
      '--database-url',
      db.url,
      '--as',
      'nobody@example.com',
    )
    expect(nobody).toMatchObject({
      code: 2,
      log: expect.stringContaining('no user with the email "nobody@example.com"'),
    })
  })
})
