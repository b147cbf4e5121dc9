/**
 * Backup and restore of the embedded database from the app: the same files as
 * `npm run export` (core/io/backup), read and written as the database's owner in one of
 * PGlite's transactions, so other tabs' calls wait and a failed restore changes nothing.
 */
import {
  readBackupFiles,
  writeBackupFiles,
  type BackupCounts,
  type BackupFiles,
} from '../core/io/backup/backup-files.ts'
import type { ChangeEvent, Db } from './db.ts'
import type { RpcRunner, SqlExecutor } from './rpc-sql.ts'

export interface LocalBackup {
  /** Every record, as the backup files. */
  exportBackup(): Promise<BackupFiles>
  /** Replaces every record with the backup's; all or nothing. */
  restoreBackup(files: BackupFiles): Promise<BackupCounts>
}

/** Whether this database offers backup and restore (the embedded default does). */
export function hasBackup(db: Db): db is Db & LocalBackup {
  const d = db as Partial<LocalBackup>
  return typeof d.exportBackup === 'function' && typeof d.restoreBackup === 'function'
}

/**
 * The backup operations over the local adapter's runner (queued with its calls); `changed`
 * hears the change events a restore makes, so views, other tabs and the early answers refresh.
 */
export function localBackup(
  runner: RpcRunner,
  changed: (events: ChangeEvent[]) => void,
): LocalBackup {
  const inTransaction = <T>(work: (tx: SqlExecutor) => Promise<T>, writes: boolean) =>
    runner.exclusive(async (ex) => {
      if (ex.transaction) {
        const out = await ex.transaction(work)
        if (writes) await ex.syncToFs?.()
        return out
      }
      await ex.exec('begin')
      try {
        const out = await work(ex)
        await ex.exec('commit')
        return out
      } catch (error) {
        await ex.exec('rollback').catch(() => undefined)
        throw error
      }
    })
  return {
    exportBackup: () => inTransaction(async (tx) => (await readBackupFiles(tx)).files, false),
    async restoreBackup(files) {
      const counts = await inTransaction(
        (tx) => writeBackupFiles(tx, files, { replace: true }),
        true,
      )
      changed([
        { table: 'communities', kind: 'update', id: '' },
        { table: 'facilities', kind: 'update', id: '' },
        { table: 'feedback', kind: 'update', id: '' },
      ])
      return counts
    },
  }
}
