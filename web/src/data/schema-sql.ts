/**
 * The SQL that builds the database, in the order it must run: Supabase compat (PGlite and
 * plain PostgreSQL only), then the migrations by timestamp, then the demo seed when it exists.
 * Bundled as text by Vite (and Vitest), so the browser, Node tests and CI run the same files.
 */

export type SqlKind = 'compat' | 'migration' | 'seed'

export interface SqlSource {
  /** Path under supabase/, e.g. `migrations/20261122000300_create_categories.sql`. */
  name: string
  kind: SqlKind
  sql: string
}

type RawModules = Record<string, string>

const compat: RawModules = import.meta.glob('../../../supabase/compat/*.sql', {
  query: '?raw',
  import: 'default',
  eager: true,
})
const migrations: RawModules = import.meta.glob('../../../supabase/migrations/*.sql', {
  query: '?raw',
  import: 'default',
  eager: true,
})
// The seed is generated from the demo city and may not exist in a fresh checkout.
const seed: RawModules = import.meta.glob('../../../supabase/seed.sql', {
  query: '?raw',
  import: 'default',
  eager: true,
})

function toSources(modules: RawModules, kind: SqlKind): SqlSource[] {
  return Object.entries(modules)
    .map(([path, sql]) => ({ name: path.replace(/^.*\/supabase\//, ''), kind, sql }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

/** Compat files then migrations, each group in file-name order. */
export function schemaSources(): SqlSource[] {
  return [...toSources(compat, 'compat'), ...toSources(migrations, 'migration')]
}

/** The demo seed, or null when supabase/seed.sql has not been generated. */
export function seedSource(): SqlSource | null {
  return toSources(seed, 'seed')[0] ?? null
}

/** Everything a fresh database needs, in order: compat, migrations, seed (when present). */
export function allSqlSources(): SqlSource[] {
  const s = seedSource()
  return s ? [...schemaSources(), s] : schemaSources()
}

/** The part of a SQL connection needed to apply files (PGlite and `pg` both fit). */
export interface SqlApplier {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>
  exec(sql: string): Promise<unknown>
}

export type ProgressListener = (done: number, total: number, label: string) => void

/**
 * Apply what has not been applied yet, each file in its own transaction, recording it in
 * `private.applied_sql`. A fresh database gets everything including the seed; an existing
 * one only new compat/migration files (never the seed again, which would duplicate rows).
 * Returns the names applied.
 */
export async function applySqlSources(
  db: SqlApplier,
  sources: readonly SqlSource[],
  onProgress?: ProgressListener,
): Promise<string[]> {
  await db.exec(`create schema if not exists private;
    create table if not exists private.applied_sql (
      name text primary key,
      kind text not null,
      applied_at timestamptz not null default now()
    )`)
  const { rows } = await db.query('select name from private.applied_sql')
  const done = new Set((rows as { name: string }[]).map((r) => r.name))
  const fresh = done.size === 0
  const todo = sources.filter((s) => !done.has(s.name) && (fresh || s.kind !== 'seed'))
  onProgress?.(0, todo.length, '')
  for (const [i, source] of todo.entries()) {
    await db.exec('begin')
    try {
      await db.exec(source.sql)
      await db.query('insert into private.applied_sql (name, kind) values ($1, $2)', [
        source.name,
        source.kind,
      ])
      await db.exec('commit')
    } catch (error) {
      await db.exec('rollback')
      const message = error instanceof Error ? error.message : String(error)
      throw new Error(`applying supabase/${source.name} failed: ${message}`, { cause: error })
    }
    onProgress?.(i + 1, todo.length, source.name)
  }
  return todo.map((s) => s.name)
}
