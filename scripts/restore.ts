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
import {
  BACKUP_TABLES,
  MANIFEST_FILE,
  writeBackupFiles,
  type BackupExecutor,
  type BackupFiles,
} from '../web/src/core/io/backup/backup-files.ts'

/** The backup's files in dir (each named in messages with its path). */
function readBackupDir(dir: string): BackupFiles {
  const files: BackupFiles = {}
  for (const file of [MANIFEST_FILE, ...BACKUP_TABLES.map((t) => t.file)]) {
    try {
      files[file] = readFileSync(join(dir, file), 'utf8')
    } catch (error) {
      throw new Error(`${join(dir, file)}: ${(error as Error).message}`, { cause: error })
    }
  }
  return files
}

/** Restore dir into db (schema applied, no records); returns the row count per table. */
export async function restoreDatabase(
  db: BackupExecutor,
  dir: string,
): Promise<Record<string, number>> {
  const files = readBackupDir(dir)
  await db.exec('begin')
  try {
    const counts = await writeBackupFiles(db, files)
    await db.exec('commit')
    return counts
  } catch (error) {
    await db.exec('rollback')
    throw error
  }
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
