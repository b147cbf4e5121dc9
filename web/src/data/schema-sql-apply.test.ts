import { readFileSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { cube } from '@electric-sql/pglite/contrib/cube'
import { earthdistance } from '@electric-sql/pglite/contrib/earthdistance'
import { describe, expect, it } from 'vitest'
import { applySqlSources, orderSources, sourcesDigest } from './schema-sql-apply.ts'
import type { SqlApplier, SqlSource } from './schema-sql-apply.ts'
import { schemaSources } from './schema-sql.ts'

// A small schema of its own, so the mechanism is tested apart from the project's migrations.
const SMALL: SqlSource[] = [
  { name: 'compat/00_roles.sql', kind: 'compat', sql: 'create schema app;' },
  {
    name: 'migrations/20260101000100_create_places.sql',
    kind: 'migration',
    sql: 'create table app.places (id int primary key, name text not null);',
  },
  {
    name: 'migrations/20260101000200_create_visits.sql',
    kind: 'migration',
    sql: 'create table app.visits (id serial primary key, place int references app.places);',
  },
  {
    name: 'migrations/20260101000300_create_place_count.sql',
    kind: 'migration',
    sql: `create function app.place_count() returns bigint language sql
          as $$ select count(*) from app.places $$;`,
  },
  {
    name: 'seed.sql',
    kind: 'seed',
    sql: `insert into app.places select g, 'place ' || g from generate_series(1, 50) g;
          insert into app.visits (place) select 1 + g % 50 from generate_series(1, 120) g;`,
  },
]

class Interrupted extends Error {}

/**
 * An applier that, right after the k-th file's SQL has run, takes the data directory as it
 * stands (what a closed tab leaves in IndexedDB: PGlite writes its files through between
 * statements) and then stops the first start, as a reload would.
 */
function interruptAfter(
  pg: PGlite,
  sources: readonly SqlSource[],
  k: number,
): { applier: SqlApplier; snapshot: () => Blob } {
  const bodies = new Set(sources.map((s) => s.sql))
  let files = 0
  let image: Blob | null = null
  return {
    applier: {
      query: (sql, params) => pg.query(sql, params),
      async exec(sql) {
        if (image) throw new Interrupted('the page is gone')
        const result = await pg.exec(sql)
        if (bodies.has(sql) && ++files === k) {
          image = await pg.dumpDataDir('none')
          throw new Interrupted(`interrupted after file ${k}`)
        }
        return result
      },
    },
    snapshot: () => {
      if (!image) throw new Error(`never reached file ${k}`)
      return image
    },
  }
}

async function counts(pg: PGlite): Promise<Record<string, number>> {
  const { rows } = await pg.query<Record<string, number>>(
    `select (select count(*)::int from app.places) as places,
            (select count(*)::int from app.visits) as visits,
            (select count(*)::int from private.applied_sql) as applied,
            (select count(*)::int from private.first_start) as first_start`,
  )
  return rows[0]!
}

// Each case starts PGlite two or three times; on a busy 2-core machine that takes minutes.
describe('applySqlSources: the first start is all or nothing', { timeout: 300_000 }, () => {
  for (const k of [1, 3, SMALL.length]) {
    it(`interrupted after ${k} of ${SMALL.length} files, the next open builds everything once`, async () => {
      const first = await PGlite.create()
      const { applier, snapshot } = interruptAfter(first, SMALL, k)
      await expect(applySqlSources(applier, SMALL)).rejects.toThrow(/interrupted after file/)
      await first.close()

      // Reopen what was left behind: nothing of the interrupted first start is visible.
      const again = await PGlite.create({ loadDataDir: snapshot() })
      const left = await again.query<{ n: number }>(
        `select count(*)::int as n from private.applied_sql`,
      )
      expect(left.rows[0]!.n).toBe(0)
      expect((await again.query(`select 1 from pg_namespace where nspname = 'app'`)).rows).toEqual(
        [],
      )

      expect(await applySqlSources(again, SMALL)).toEqual(SMALL.map((s) => s.name))
      expect(await counts(again)).toEqual({ places: 50, visits: 120, applied: 5, first_start: 1 })
      // Opening again applies nothing and never seeds twice.
      expect(await applySqlSources(again, SMALL)).toEqual([])
      expect(await counts(again)).toEqual({ places: 50, visits: 120, applied: 5, first_start: 1 })
      await again.close()
    })
  }

  it('a failing file leaves nothing applied and names the file', async () => {
    const pg = await PGlite.create()
    const broken: SqlSource = {
      name: 'migrations/20260101000250_create_broken.sql',
      kind: 'migration',
      sql: 'create table app.broken (id int references app.nowhere);',
    }
    await expect(applySqlSources(pg, orderSources([...SMALL, broken]))).rejects.toThrow(
      /supabase\/migrations\/20260101000250_create_broken\.sql/,
    )
    expect((await pg.query(`select name from private.applied_sql`)).rows).toEqual([])
    expect(await applySqlSources(pg, SMALL)).toHaveLength(SMALL.length)
    await pg.close()
  })

  it('finishes a store an older version left half-built (files committed one by one)', async () => {
    const pg = await PGlite.create()
    // What the older code did: each file in its own transaction, then the page was closed
    // before the seed.
    await applySqlSources(pg, []) // bookkeeping tables only
    await pg.exec('delete from private.first_start')
    for (const s of SMALL.slice(0, 3)) {
      await pg.transaction(async (tx) => {
        await tx.exec(s.sql)
        await tx.query('insert into private.applied_sql (name, kind) values ($1, $2)', [
          s.name,
          s.kind,
        ])
      })
    }
    expect(await applySqlSources(pg, SMALL)).toEqual(SMALL.slice(3).map((s) => s.name))
    expect(await counts(pg)).toEqual({ places: 50, visits: 120, applied: 5, first_start: 1 })
    await pg.close()
  })

  it('after the first start only new migrations run, each on its own, never the seed', async () => {
    const pg = await PGlite.create()
    await applySqlSources(pg, SMALL)
    const later: SqlSource = {
      name: 'migrations/20260201000100_add_place_note.sql',
      kind: 'migration',
      sql: 'alter table app.places add column note text;',
    }
    const seed2: SqlSource = {
      name: 'seed-2.sql',
      kind: 'seed',
      sql: `insert into app.places values (999, 'never');`,
    }
    const progress: string[] = []
    expect(
      await applySqlSources(pg, orderSources([...SMALL, later, seed2]), (_d, _t, label) =>
        progress.push(label),
      ),
    ).toEqual([later.name])
    expect(progress).toEqual(['', later.name])
    expect(await counts(pg)).toEqual({ places: 50, visits: 120, applied: 6, first_start: 1 })
    await pg.close()
  })

  it('interrupted in the middle of the real schema and seed, reopening builds the city once', async () => {
    const fixture: SqlSource = {
      name: 'tests/db/fixture-seed.sql',
      kind: 'seed',
      sql: readFileSync(new URL('../../../tests/db/fixture-seed.sql', import.meta.url), 'utf8'),
    }
    const sources = [...schemaSources(), fixture]
    const extensions = { cube, earthdistance }
    const first = await PGlite.create({ extensions })
    const k = Math.floor(sources.length / 2)
    const { applier, snapshot } = interruptAfter(first, sources, k)
    await expect(applySqlSources(applier, sources)).rejects.toThrow(/interrupted after file/)
    await first.close()
    const again = await PGlite.create({ loadDataDir: snapshot(), extensions })
    expect(await applySqlSources(again, sources)).toEqual(sources.map((s) => s.name))
    const tally = `select (select count(*)::int from public.facilities) as facilities,
              (select count(*)::int from public.communities) as communities,
              (select count(*)::int from private.applied_sql) as names,
              (select count(distinct name)::int from private.applied_sql) as distinct`
    const { rows } = await again.query(tally)
    // The same files on a start nobody interrupted.
    const clean = await PGlite.create({ extensions })
    await applySqlSources(clean, sources)
    const expected = (await clean.query(tally)).rows[0] as Record<string, number>
    await clean.close()
    expect(expected['facilities']).toBeGreaterThan(0)
    expect(expected['names']).toBe(sources.length)
    expect(rows[0]).toEqual(expected)
    await again.close()
  })
})

describe('sourcesDigest', () => {
  it('changes with any name, kind or text and not with nothing', async () => {
    const base = await sourcesDigest(SMALL)
    expect(base).toMatch(/^[0-9a-f]{64}$/)
    expect(await sourcesDigest(SMALL.map((s) => ({ ...s })))).toBe(base)
    const edited = SMALL.map((s, i) => (i === 2 ? { ...s, sql: `${s.sql} ` } : s))
    expect(await sourcesDigest(edited)).not.toBe(base)
    expect(await sourcesDigest(SMALL.slice(0, 4))).not.toBe(base)
    expect(await sourcesDigest(SMALL, 'pglite 0.5')).not.toBe(base)
  })
})
