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
import {
  BACKUP_TABLES,
  readBackupFiles,
  tableRows,
  type BackupExecutor,
} from '../web/src/core/io/backup/backup-files.ts'

// The files are made in the core, so that the app's download is the same backup.
export { BACKUP_TABLES, tableRows, type BackupExecutor }

/** Write every record to dir; returns the row count per table. */
export async function exportDatabase(
  db: BackupExecutor,
  dir: string,
): Promise<Record<string, number>> {
  mkdirSync(dir, { recursive: true })
  // One snapshot for all tables, so the history and the records agree.
  await db.exec('begin isolation level repeatable read read only')
  try {
    const { files, counts } = await readBackupFiles(db)
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text)
    return counts
  } finally {
    await db.exec('commit')
  }
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
