/**
 * A lifecircle backup as files — communities.geojson and facilities.geojson (GeoJSON, every
 * column in the properties), facility_changes.json (the whole history), feedback.json,
 * scenarios.json, profiles.json, community_assignments.json, users.json (ids and emails the
 * profiles refer to), categories.json and manifest.json — read from and written to any SQL
 * connection. `npm run export` / `npm run restore` keep them in a folder; the app in one zip.
 */

/** The part of PGlite / node-postgres a backup needs. */
export interface BackupExecutor {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>
  exec(sql: string): Promise<unknown>
}

/** File name → text. */
export type BackupFiles = Record<string, string>

/** Row count per table, e.g. `{ 'public.facilities': 1200 }`. */
export type BackupCounts = Record<string, number>

export const BACKUP_FORMAT = 'lifecircle-backup/1'
export const MANIFEST_FILE = 'manifest.json'

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

/** What manifest.json holds. */
export interface BackupManifest {
  format: typeof BACKUP_FORMAT
  exported_at: string
  last_migration: string | null
  counts: BackupCounts
}

type Row = Record<string, unknown>

/** Every row of a table as JSON objects (column name → value), in a stable order. */
export async function tableRows(db: BackupExecutor, table: string, order: string): Promise<Row[]> {
  const { rows } = await db.query(
    `select coalesce(jsonb_agg(to_jsonb(t) order by ${order}), '[]'::jsonb)::text as rows from ${table} t`,
  )
  return JSON.parse((rows[0] as { rows: string }).rows) as Row[]
}

function featureCollection(rows: Row[], geometry: (row: Row) => unknown, drop: string[]): unknown {
  return {
    type: 'FeatureCollection',
    features: rows.map((row) => {
      const properties = { ...row }
      for (const k of drop) delete properties[k]
      return { type: 'Feature', id: row['id'], geometry: geometry(row), properties }
    }),
  }
}

/**
 * Reads every record into backup files. Run it in one transaction (repeatable read where there
 * are other connections), so that the history and the records agree.
 * @example const { files, counts } = await readBackupFiles(tx) // files['facilities.geojson']
 */
export async function readBackupFiles(
  db: BackupExecutor,
  now: Date = new Date(),
): Promise<{ files: BackupFiles; counts: BackupCounts }> {
  const files: BackupFiles = {}
  const counts: BackupCounts = {}
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
    files[file] = `${JSON.stringify(body, null, 1)}\n`
  }
  const { rows } = await db
    .query(
      `select coalesce(max(name) filter (where kind = 'migration'), '') as last from private.applied_sql`,
    )
    .catch(() => ({ rows: [{ last: '' }] }))
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    exported_at: now.toISOString(),
    last_migration: (rows[0] as { last: string }).last || null,
    counts,
  }
  files[MANIFEST_FILE] = `${JSON.stringify(manifest, null, 2)}\n`
  return { files, counts }
}

/** A backup that cannot be restored: names the file and what is wrong with it. */
export class BackupError extends Error {
  override name = 'BackupError'
}

/**
 * The manifest of a backup, checked: its format must be this one.
 * @example readManifest(files).counts['public.facilities']
 */
export function readManifest(files: BackupFiles): BackupManifest {
  const text = files[MANIFEST_FILE]
  if (text === undefined)
    throw new BackupError(`${MANIFEST_FILE}: missing; not a lifecircle backup`)
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (e) {
    throw new BackupError(`${MANIFEST_FILE}: ${(e as Error).message}`)
  }
  const m = parsed as Partial<BackupManifest> | null
  if (!m || m.format !== BACKUP_FORMAT)
    throw new BackupError(
      `${MANIFEST_FILE}: format ${JSON.stringify(m?.format ?? null)}, expected "${BACKUP_FORMAT}"`,
    )
  return m as BackupManifest
}

interface Feature {
  geometry: unknown
  properties: Row
}

function rowsOf(files: BackupFiles, table: string, file: string): Row[] {
  const text = files[file]
  if (text === undefined) throw new BackupError(`${file}: missing from the backup`)
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (e) {
    throw new BackupError(`${file}: ${(e as Error).message}`)
  }
  if (file.endsWith('.geojson')) {
    const fc = parsed as { type?: string; features?: Feature[] }
    if (fc.type !== 'FeatureCollection' || !Array.isArray(fc.features))
      throw new BackupError(`${file}: not a GeoJSON FeatureCollection`)
    return fc.features.map((f) =>
      table === 'public.communities' ? { ...f.properties, boundary: f.geometry } : f.properties,
    )
  }
  if (!Array.isArray(parsed)) throw new BackupError(`${file}: not a JSON array`)
  return parsed as Row[]
}

export interface WriteBackupOptions {
  /**
   * Delete every record first (the app's restore, after the user confirmed). Without it a
   * database that holds records is refused.
   */
  replace?: boolean
}

/**
 * Puts a backup's records into a database that has the schema, inside the caller's
 * transaction: ids, versions, timestamps and the whole history as they were. Triggers are
 * switched off for the transaction (session_replication_role = replica, which needs a
 * superuser, as restoring a dump does); the audit's identity continues after the last restored
 * id. Throws before writing anything when a file is missing or malformed.
 * @example await writeBackupFiles(tx, files) // { 'public.facilities': 1200, … }
 */
export async function writeBackupFiles(
  db: BackupExecutor,
  files: BackupFiles,
  options: WriteBackupOptions = {},
): Promise<BackupCounts> {
  readManifest(files)
  const data = BACKUP_TABLES.map((t) => ({ ...t, rows: rowsOf(files, t.table, t.file) }))
  const counts: BackupCounts = {}
  if (!options.replace) {
    const { rows } = await db.query(
      `select (select count(*) from public.facilities) + (select count(*) from public.communities)
              + (select count(*) from public.profiles) as n`,
    )
    if (Number((rows[0] as { n: unknown }).n) > 0)
      throw new BackupError(
        'the database already holds records; restore into an empty one (schema only)',
      )
  }
  await db.exec('set local session_replication_role = replica')
  if (options.replace) {
    // Dependants first. Triggers (the audit's append-only guard among them) are off, as they
    // are for the inserts below; the feedback throttle refers to nothing restored.
    for (const { table } of [...BACKUP_TABLES].reverse()) await db.exec(`delete from ${table}`)
    await db.exec('delete from private.feedback_throttle')
  }
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
  return counts
}
