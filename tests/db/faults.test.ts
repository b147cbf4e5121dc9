/**
 * Faults: a migration that fails leaves the schema (and the data) as it was, on PGlite and on
 * PostgreSQL; the connection dropped in the middle of a bulk import through the import CLI
 * stores nothing of it, says so clearly, and a rerun stores it all (PostgreSQL: only a server
 * has connections to drop).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pointOnFeature } from '@turf/turf'
import type { Feature, FeatureCollection, Polygon } from 'geojson'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runImportCli } from '../../scripts/import.ts'
import { allSqlSources, applySqlSources, schemaSources } from '../../web/src/data/schema-sql.ts'
import type { SqlSource } from '../../web/src/data/schema-sql.ts'
import { testBackends, type OpenBackend } from './backends.ts'

const ROOT = resolve(import.meta.dirname, '../..')

/**
 * Everything a migration can change, one line per object: columns, functions (with a digest of
 * their body and settings), policies, grants, triggers, indexes, constraints; and a digest of a
 * table's rows, since a migration may also update data.
 */
const SCHEMA_SIGNATURE = `
  with sys(n) as (values ('pg_catalog'), ('information_schema'), ('pg_toast'))
  select line from (
    select format('column %s.%s.%s %s %s %s', table_schema, table_name, column_name, data_type,
                  is_nullable, coalesce(column_default, '')) as line
      from information_schema.columns where table_schema not in (select n from sys)
    union all
    select format('function %s.%s(%s) %s %s %s', n.nspname, p.proname,
                  pg_get_function_identity_arguments(p.oid), md5(p.prosrc),
                  coalesce(p.proconfig::text, ''), coalesce(p.proacl::text, ''))
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname not in (select n from sys)
    union all
    select format('policy %s.%s %s %s %s %s', schemaname, tablename, policyname, cmd,
                  roles::text, md5(coalesce(qual, '') || coalesce(with_check, '')))
      from pg_policies
    union all
    select format('relation %s.%s %s %s %s', n.nspname, c.relname, c.relkind, c.relrowsecurity,
                  coalesce(c.relacl::text, ''))
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname not in (select n from sys)
    union all
    select format('trigger %s %s', tgrelid::regclass, tgname) from pg_trigger where not tgisinternal
    union all
    select format('constraint %s %s %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
      from pg_constraint where connamespace::regnamespace::text not in (select n from sys)
    union all
    select format('rows public.communities %s', md5(coalesce(string_agg(id::text || name, ',' order by id), '')))
      from public.communities
  ) s order by line`

async function signature(db: OpenBackend): Promise<string[]> {
  const { rows } = await db.executor.query(SCHEMA_SIGNATURE)
  return (rows as { line: string }[]).map((r) => r.line)
}

/** A migration that changes a bit of everything, then fails on its last statement. */
const BROKEN: SqlSource = {
  name: 'migrations/29990101000000_break_everything.sql',
  kind: 'migration',
  sql: `
    create table public.broken_table (id int primary key);
    alter table public.facilities add column broken_column int;
    create or replace function public.broken_fn() returns int language sql as 'select 1';
    alter table public.categories disable row level security;
    revoke select on public.categories from anon;
    drop policy if exists "nobody" on public.communities;
    update public.communities set name = name || '（改）';
    select 1 / 0;
  `,
}

describe.each(testBackends())('a failed migration on $name', (backend) => {
  let db: OpenBackend
  beforeAll(async () => {
    db = await backend.prepare(allSqlSources())
  })
  afterAll(async () => {
    await db?.close()
  })

  it('leaves the schema and the data as they were, and the file unrecorded; a fixed file applies', async () => {
    const before = await signature(db)
    expect(before.some((l) => l.startsWith('relation public.facilities r t '))).toBe(true)
    await expect(applySqlSources(db.executor, [...allSqlSources(), BROKEN])).rejects.toThrow(
      `applying supabase/${BROKEN.name} failed: division by zero`,
    )
    expect(await signature(db)).toEqual(before)
    const recorded = await db.executor.query(
      'select name from private.applied_sql where name = $1',
      [BROKEN.name],
    )
    expect(recorded.rows).toEqual([])
    // The same file, mended, is applied on the next start.
    const fixed = { ...BROKEN, sql: BROKEN.sql.replace('select 1 / 0;', '') }
    expect(await applySqlSources(db.executor, [...allSqlSources(), fixed])).toEqual([BROKEN.name])
    const after = await signature(db)
    expect(after).toContain('relation public.broken_table r f ')
    expect(after.filter((l) => !before.includes(l)).length).toBeGreaterThan(3)
  })

  it('a first start that fails leaves an empty database, and the next start builds it', async () => {
    const empty = await backend.open()
    try {
      await expect(applySqlSources(empty.executor, [...schemaSources(), BROKEN])).rejects.toThrow(
        /division by zero/,
      )
      const tables = await empty.executor.query(
        `select count(*)::int as n from pg_tables where schemaname in ('public', 'auth')`,
      )
      expect(tables.rows).toEqual([{ n: 0 }])
      const applied = await empty.executor.query(
        'select count(*)::int as n from private.applied_sql',
      )
      expect(applied.rows).toEqual([{ n: 0 }])
      expect((await applySqlSources(empty.executor, schemaSources())).length).toBe(
        schemaSources().length,
      )
    } finally {
      await empty.close()
    }
  })
})

const servers = testBackends().filter((b) => b.name === 'postgres')

describe.each(servers)('the connection dropped during a bulk import on $name', (backend) => {
  let db: OpenBackend
  let dir: string
  beforeAll(async () => {
    db = await backend.prepare(allSqlSources())
    dir = mkdtempSync(join(tmpdir(), 'faults-import-'))
  })
  afterAll(async () => {
    await db?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('stores nothing, says the connection was lost, and a rerun stores every row', async () => {
    const url = db.url!
    const communities = JSON.parse(
      readFileSync(join(ROOT, 'data/demo/communities.geojson'), 'utf8'),
    ) as FeatureCollection<Polygon>
    // worker.a of the demo city manages 吉祥社区.
    const home = communities.features.find(
      (f) => f.properties!.id === 'b8a4022a-fa0b-497f-b479-c21dbc55e92c',
    ) as Feature<Polygon>
    const [x, y] = pointOnFeature(home).geometry.coordinates as [number, number]
    const source = `断线测试-${Date.now()}`
    const rows = Array.from(
      { length: 300 },
      (_, k) =>
        `断线测试店${k},${(x + (k % 20) * 1e-5).toFixed(6)},${(y + Math.floor(k / 20) * 1e-5).toFixed(6)}`,
    )
    const csv = join(dir, 'stores.csv')
    writeFileSync(csv, ['名称,经度,纬度', ...rows].join('\n'))
    const argv = [
      '--file',
      csv,
      '--category',
      'store',
      '--source',
      source,
      '--database-url',
      url,
      '--as',
      'worker.a@demo.lifecircle',
    ]
    const stored = async () => {
      const r = await db.executor.query(
        'select count(*)::int as n from public.facilities where source = $1',
        [source],
      )
      return (r.rows[0] as { n: number }).n
    }

    // Hold the facilities table so that the import's insert waits; then drop its connection.
    const blocker = new pg.Client({ connectionString: url })
    await blocker.connect()
    const killer = new pg.Client({ connectionString: url })
    await killer.connect()
    const lines: string[] = []
    let code: number
    try {
      await blocker.query('begin')
      await blocker.query('lock table public.facilities in exclusive mode')
      const running = runImportCli(
        argv,
        (s) => lines.push(s),
        () => {},
      )
      let pid: number | undefined
      for (let i = 0; i < 600 && pid === undefined; i++) {
        const r = await killer.query<{ pid: number }>(
          `select pid from pg_stat_activity
            where datname = current_database() and pid <> pg_backend_pid()
              and wait_event_type = 'Lock' and query like '%import_facilities%'`,
        )
        pid = r.rows[0]?.pid
        if (pid === undefined) await new Promise((done) => setTimeout(done, 50))
      }
      expect(pid, 'the import reached its insert and waits there').toBeDefined()
      await killer.query('select pg_terminate_backend($1)', [pid])
      code = await running
    } finally {
      await blocker.query('rollback').catch(() => undefined)
      await blocker.end()
      await killer.end()
    }
    const log = lines.join('\n')
    expect(code, log).toBe(1)
    expect(log).toMatch(/import: the connection to the database was lost while storing the import/)
    expect(log).toMatch(/nothing of it was stored unless .*; run it again/)
    expect(log).not.toMatch(/\n\s+at /)
    expect(await stored()).toBe(0)

    const again: string[] = []
    expect(
      await runImportCli(
        argv,
        (s) => again.push(s),
        () => {},
      ),
      again.join('\n'),
    ).toBe(0)
    expect(again.join('\n')).toContain('stored: 300 added')
    expect(await stored()).toBe(300)
  })
})
