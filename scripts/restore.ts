/**
 * `npm run restore -- DIR [--url postgres://…]`: put a backup written by `npm run export`
 * back into a database that has the schema (supabase/compat + migrations) and no records.
 * Ids, versions, timestamps and the whole history come back as they were: triggers are
 * switched off for the session (session_replication_role = replica, which needs a superuser,
 * as restoring a dump does), and the audit's identity continues after the last restored id.
 * All in one transaction: a failed restore leaves the database empty.
 */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { BACKUP_TABLES } from './export.ts'
import type { BackupExecutor } from './export.ts'

interface Feature {
  geometry: unknown
  properties: Record<string, unknown>
}

function rowsOf(dir: string, table: string, file: string): Record<string, unknown>[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(join(dir, file), 'utf8'))
  } catch (error) {
    throw new Error(`${join(dir, file)}: ${(error as Error).message}`, { cause: error })
  }
  if (file.endsWith('.geojson')) {
    const fc = parsed as { type?: string; features?: Feature[] }
    if (fc.type !== 'FeatureCollection' || !Array.isArray(fc.features))
      throw new Error(`${join(dir, file)}: not a GeoJSON FeatureCollection`)
    return fc.features.map((f) =>
      table === 'public.communities' ? { ...f.properties, boundary: f.geometry } : f.properties,
    )
  }
  if (!Array.isArray(parsed)) throw new Error(`${join(dir, file)}: not a JSON array`)
  return parsed as Record<string, unknown>[]
}

/** Restore dir into db (schema applied, no records); returns the row count per table. */
export async function restoreDatabase(
  db: BackupExecutor,
  dir: string,
): Promise<Record<string, number>> {
  const data = BACKUP_TABLES.map((t) => ({ ...t, rows: rowsOf(dir, t.table, t.file) }))
  const counts: Record<string, number> = {}
  await db.exec('begin')
  try {
    const { rows } = await db.query(
      `select (select count(*) from public.facilities) + (select count(*) from public.communities)
              + (select count(*) from public.profiles) as n`,
    )
    if (Number((rows[0] as { n: unknown }).n) > 0)
      throw new Error('the database already holds records; restore into an empty one (schema only)')
    await db.exec('set local session_replication_role = replica')
    for (const { table, rows: items } of data) {
      if (table === 'public.categories') {
        // The migrations seed the reference categories; the backup's versions replace them.
        await db.query('delete from public.categories')
      }
      if (items.length === 0) {
        counts[table] = 0
        continue
      }
      const overriding = table === 'public.facility_changes' ? 'overriding system value' : ''
      // auth.users belongs to the auth service (Supabase's has many more columns): only the
      // ids and emails the profiles refer to, for users not there yet.
      const sql =
        table === 'auth.users'
          ? `insert into auth.users (id, email, created_at)
             select id, email, created_at from jsonb_populate_recordset(null::auth.users, $1::jsonb)
             on conflict (id) do nothing`
          : `insert into ${table} ${overriding} select * from jsonb_populate_recordset(null::${table}, $1::jsonb)`
      await db.query(sql, [JSON.stringify(items)])
      counts[table] = items.length
    }
    // The communities' bounding boxes are the trigger's to fill from the boundary.
    await db.exec('set local session_replication_role = origin')
    await db.exec('update public.communities set boundary = boundary')
    await db.exec(`select setval(pg_get_serial_sequence('public.facility_changes', 'id'),
                                 coalesce((select max(id) from public.facility_changes), 0) + 1, false)`)
    await db.exec('commit')
  } catch (error) {
    await db.exec('rollback')
    throw error
  }
  return counts
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      url: {
        type: 'string',
        default: process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres',
      },
    },
  })
  const dir = positionals[0]
  if (!dir) {
    console.error('usage: npm run restore -- DIR [--url postgres://…]')
    return 2
  }
  const client = new pg.Client({ connectionString: values.url })
  await client.connect()
  try {
    const t = performance.now()
    const counts = await restoreDatabase(
      { query: (s, p) => client.query(s, p), exec: (s) => client.query(s) },
      resolve(dir),
    )
    console.log(`restored ${resolve(dir)} in ${Math.round(performance.now() - t)} ms:`)
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
