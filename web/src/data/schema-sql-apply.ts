/**
 * Applying the SQL that builds the database, separate from where the files come from
 * (schema-sql.ts bundles them through Vite; the image builder reads them from disk), so the
 * same code runs in the browser, in the PGlite worker, in Node tests and at build time.
 */

export type SqlKind = 'compat' | 'migration' | 'seed'

export interface SqlSource {
  /** Path under supabase/, e.g. `migrations/20261122000300_create_categories.sql`. */
  name: string
  kind: SqlKind
  sql: string
}

/** The part of a SQL connection needed to apply files (PGlite and `pg` both fit). */
export interface SqlApplier {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>
  exec(sql: string): Promise<unknown>
}

export type ProgressListener = (done: number, total: number, label: string) => void

const KIND_ORDER: Record<SqlKind, number> = { compat: 0, migration: 1, seed: 2 }

/** Compat files, then migrations, each group by file name, then the seed. */
export function orderSources(sources: readonly SqlSource[]): SqlSource[] {
  return [...sources].sort(
    (a, b) =>
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  )
}

/**
 * A SHA-256 of the sources' names, kinds and text (hex): equal digests mean the same database
 * would be built. Used to tell whether a prebuilt database image matches the SQL.
 */
export async function sourcesDigest(sources: readonly SqlSource[], salt = ''): Promise<string> {
  const text = [salt, ...sources.map((s) => `${s.kind}\u0000${s.name}\u0000${s.sql}`)].join(
    '\u0001',
  )
  const hash = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

const BOOKKEEPING = `create schema if not exists private;
  create table if not exists private.applied_sql (
    name text primary key,
    kind text not null,
    applied_at timestamptz not null default now()
  );
  create table if not exists private.first_start (
    only_row boolean primary key default true check (only_row),
    completed_at timestamptz not null default now()
  )`

async function applyOne(db: SqlApplier, source: SqlSource): Promise<void> {
  try {
    await db.exec(source.sql)
    await db.query('insert into private.applied_sql (name, kind) values ($1, $2)', [
      source.name,
      source.kind,
    ])
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    throw new Error(`applying supabase/${source.name} failed: ${message}`, { cause: error })
  }
}

/**
 * Bring a database up to date with `sources`, recording each file in `private.applied_sql`.
 *
 * The first start (compat, migrations and the seed) runs as ONE transaction that also writes
 * `private.first_start`: interrupted anywhere (a reload, a closed tab), it leaves nothing
 * behind, and the next open redoes it. A database that has completed its first start only
 * gets new compat/migration files, each in its own transaction, and never the seed again
 * (that would duplicate rows). A store left half-built by an older version (files applied
 * one by one, no seed, no completion mark) counts as not started: what it lacks, seed
 * included, is applied in one transaction. Returns the names applied.
 */
export async function applySqlSources(
  db: SqlApplier,
  sources: readonly SqlSource[],
  onProgress?: ProgressListener,
): Promise<string[]> {
  await db.exec(BOOKKEEPING)
  const { rows } = await db.query(
    `select name, kind from private.applied_sql
     union all select '', 'first-start' from private.first_start`,
  )
  const applied = rows as { name: string; kind: string }[]
  const done = new Set(applied.map((r) => r.name))
  const complete = applied.some((r) => r.kind === 'first-start' || r.kind === 'seed')
  const todo = sources.filter((s) => !done.has(s.name) && (!complete || s.kind !== 'seed'))
  onProgress?.(0, todo.length, '')
  if (!complete) {
    await db.exec('begin')
    try {
      for (const [i, source] of todo.entries()) {
        await applyOne(db, source)
        onProgress?.(i + 1, todo.length, source.name)
      }
      await db.exec('insert into private.first_start default values')
      await db.exec('commit')
    } catch (error) {
      await db.exec('rollback').catch(() => undefined)
      throw error
    }
    return todo.map((s) => s.name)
  }
  for (const [i, source] of todo.entries()) {
    await db.exec('begin')
    try {
      await applyOne(db, source)
      await db.exec('commit')
    } catch (error) {
      await db.exec('rollback').catch(() => undefined)
      throw error
    }
    onProgress?.(i + 1, todo.length, source.name)
  }
  return todo.map((s) => s.name)
}
