/**
 * `npm run export -- --out DIR [--url postgres://…]`: every record of a lifecircle database
 * written to DIR — communities.geojson and facilities.geojson (GeoJSON, every column in the
 * properties), facility_changes.json (the whole history), feedback.json, scenarios.json,
 * profiles.json, community_assignments.json, users.json (ids and emails the profiles refer
 * to), categories.json, and manifest.json (counts, the last migration applied, when).
 * `npm run restore -- DIR` puts them back into an empty database.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import pg from 'pg'

/** The part of PGlite / node-postgres the backup needs. */
export interface BackupExecutor {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>
  exec(sql: string): Promise<unknown>
}

/** Tables in the order a restore inserts them (foreign keys first), with their sort key. */
export const BACKUP_TABLES = [
  { table: 'public.categories', file: 'categories.json', order: 'code' },
  { table: 'auth.users', file: 'users.json', order: 'id' },
  { table: 'public.communities', file: 'communities.geojson', order: 'id' },
  { table: 'public.profiles', file: 'profiles.json', order: 'user_id' },
  {
    table: 'public.community_assignments',
    file: 'community_assignments.json',
    order: 'user_id, community_id',
  },
  { table: 'public.facilities', file: 'facilities.geojson', order: 'id' },
  { table: 'public.facility_changes', file: 'facility_changes.json', order: 'id' },
  { table: 'public.feedback', file: 'feedback.json', order: 'id' },
  { table: 'public.scenarios', file: 'scenarios.json', order: 'id' },
] as const

/** Every row of a table as JSON objects (column name → value), in a stable order. */
export async function tableRows(
  db: BackupExecutor,
  table: string,
  order: string,
): Promise<Record<string, unknown>[]> {
  const { rows } = await db.query(
    `select coalesce(jsonb_agg(to_jsonb(t) order by ${order}), '[]'::jsonb)::text as rows from ${table} t`,
  )
  return JSON.parse((rows[0] as { rows: string }).rows) as Record<string, unknown>[]
}

function featureCollection(
  rows: Record<string, unknown>[],
  geometry: (row: Record<string, unknown>) => unknown,
  drop: string[],
): unknown {
  return {
    type: 'FeatureCollection',
    features: rows.map((row) => {
      const properties = { ...row }
      for (const k of drop) delete properties[k]
      return { type: 'Feature', id: row['id'], geometry: geometry(row), properties }
    }),
  }
}

/** Write every record to dir; returns the row count per table. */
export async function exportDatabase(
  db: BackupExecutor,
  dir: string,
): Promise<Record<string, number>> {
  mkdirSync(dir, { recursive: true })
  const counts: Record<string, number> = {}
  // One snapshot for all tables, so the history and the records agree.
  await db.exec('begin isolation level repeatable read read only')
  try {
    for (const { table, file, order } of BACKUP_TABLES) {
      const rows = await tableRows(db, table, order)
      counts[table] = rows.length
      let body: unknown = rows
      if (table === 'public.communities') {
        body = featureCollection(rows, (r) => r['boundary'], [
          'boundary',
          'min_lon',
          'min_lat',
          'max_lon',
          'max_lat',
        ])
      } else if (table === 'public.facilities') {
        body = featureCollection(
          rows,
          (r) => ({ type: 'Point', coordinates: [r['lon'], r['lat']] }),
          [],
        )
      } else if (table === 'auth.users') {
        body = rows.map((r) => ({ id: r['id'], email: r['email'], created_at: r['created_at'] }))
      }
      writeFileSync(join(dir, file), `${JSON.stringify(body, null, 1)}\n`)
    }
    const { rows } = await db
      .query(
        `select coalesce(max(name) filter (where kind = 'migration'), '') as last from private.applied_sql`,
      )
      .catch(() => ({ rows: [{ last: '' }] }))
    writeFileSync(
      join(dir, 'manifest.json'),
      `${JSON.stringify({ format: 'lifecircle-backup/1', exported_at: new Date().toISOString(), last_migration: (rows[0] as { last: string }).last || null, counts }, null, 2)}\n`,
    )
  } finally {
    await db.exec('commit')
  }
  return counts
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      url: {
        type: 'string',
        default: process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres',
      },
    },
  })
  if (!values.out) {
    console.error('--out: required, the folder to write the backup to')
    return 2
  }
  const client = new pg.Client({ connectionString: values.url })
  await client.connect()
  try {
    const t = performance.now()
    const counts = await exportDatabase(
      { query: (s, p) => client.query(s, p), exec: (s) => client.query(s) },
      resolve(values.out),
    )
    console.log(`exported to ${resolve(values.out)} in ${Math.round(performance.now() - t)} ms:`)
    for (const [table, n] of Object.entries(counts)) console.log(`  ${table}: ${n}`)
    return 0
  } finally {
    await client.end()
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error)
      process.exit(1)
    },
  )
}
