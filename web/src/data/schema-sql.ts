/**
 * The SQL that builds the database, in the order it must run: Supabase compat (PGlite and
 * plain PostgreSQL only), then the migrations by timestamp, then the demo seed when it exists.
 * Bundled as text by Vite (and Vitest), so the browser, Node tests and CI run the same files.
 */

import type { SqlKind, SqlSource } from './schema-sql-apply.ts'

// Applying lives apart from the bundled files so Node (the image builder) can use it too.
export { applySqlSources } from './schema-sql-apply.ts'
export type { ProgressListener, SqlApplier, SqlKind, SqlSource } from './schema-sql-apply.ts'

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
