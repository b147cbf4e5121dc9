import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import { BackupError, BACKUP_TABLES, MANIFEST_FILE, type BackupFiles } from './backup-files.ts'

/** Files a backup zip may hold: what `npm run export` writes, nothing else is read. */
const KNOWN = new Set<string>([MANIFEST_FILE, ...BACKUP_TABLES.map((t) => t.file)])

/** Largest backup zip read, bytes, and largest total unpacked (a zip bomb is refused). */
export const MAX_BACKUP_ZIP_BYTES = 200_000_000
const MAX_UNPACKED_BYTES = 1_000_000_000

/**
 * The backup files in one zip (the app's download); a folder written by `npm run export`,
 * zipped, reads back the same.
 * @example backupZip({ 'manifest.json': '{}' }).length > 0 // true
 */
export function backupZip(files: BackupFiles): Uint8Array {
  const entries: Record<string, Uint8Array> = {}
  for (const [name, text] of Object.entries(files)) entries[name] = strToU8(text)
  return zipSync(entries, { level: 6 })
}

/**
 * The backup files in a zip: its known files at the top level or in one folder (a zipped
 * export folder). Throws {@link BackupError} for what is not a zip or holds no manifest.
 * @example readBackupZip(backupZip(files))['manifest.json']
 */
export function readBackupZip(bytes: Uint8Array): BackupFiles {
  if (bytes.length > MAX_BACKUP_ZIP_BYTES)
    throw new BackupError(
      `the file is ${(bytes.length / 1e6).toFixed(0)} MB; a backup is read up to ${MAX_BACKUP_ZIP_BYTES / 1e6} MB`,
    )
  let unpacked = 0
  let entries: Record<string, Uint8Array>
  try {
    entries = unzipSync(bytes, {
      filter: (f) => {
        unpacked += f.originalSize
        if (unpacked > MAX_UNPACKED_BYTES) throw new BackupError('the zip unpacks to over 1 GB')
        return KNOWN.has(f.name.replace(/^[^/]+\//, '')) || KNOWN.has(f.name)
      },
    })
  } catch (e) {
    if (e instanceof BackupError) throw e
    throw new BackupError(`not a zip file (${(e as Error).message})`)
  }
  const files: BackupFiles = {}
  for (const [name, data] of Object.entries(entries)) {
    const base = KNOWN.has(name) ? name : name.replace(/^[^/]+\//, '')
    files[base] = strFromU8(data)
  }
  if (files[MANIFEST_FILE] === undefined)
    throw new BackupError(`${MANIFEST_FILE} is not in the zip: not a lifecircle backup`)
  return files
}
