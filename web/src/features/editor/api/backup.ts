import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { readManifest, type BackupManifest } from '../../../core/io/backup/backup-files.ts'
import { backupZip, readBackupZip } from '../../../core/io/backup/backup-zip.ts'
import type { Db } from '../../../data/db.ts'
import { useDb } from '../../../data/db-provider.tsx'
import { hasBackup, type LocalBackup } from '../../../data/local-backup.ts'

/**
 * The embedded database's backup operations, once it is open; null on a hosted database (its
 * backups are the host's) and while the embedded one opens.
 */
export function useLocalBackup(): LocalBackup | null {
  const db = useDb()
  const [backup, setBackup] = useState<LocalBackup | null>(() => (hasBackup(db) ? db : null))
  useEffect(() => {
    let live = true
    const opened = (db as Db & { opened?: Promise<Db> }).opened
    void (opened ?? Promise.resolve(db)).then(
      (real) => {
        if (live) setBackup(hasBackup(real) ? real : null)
      },
      () => undefined,
    )
    return () => {
      live = false
    }
  }, [db])
  return backup
}

/** `lifecircle-backup-2026-12-03.zip` */
export function backupFileName(now: Date = new Date()): string {
  return `lifecircle-backup-${now.toISOString().slice(0, 10)}.zip`
}

/** Makes the backup zip and hands it to the browser as a download. */
export function useDownloadBackup(backup: LocalBackup | null) {
  return useMutation({
    mutationFn: async () => {
      if (!backup) throw new Error('no embedded database')
      const zip = backupZip(await backup.exportBackup())
      const url = URL.createObjectURL(new Blob([zip as BlobPart], { type: 'application/zip' }))
      try {
        const a = document.createElement('a')
        a.href = url
        a.download = backupFileName()
        document.body.append(a)
        a.click()
        a.remove()
      } finally {
        // The click has handed the data to the download; the URL is not needed after this turn.
        setTimeout(() => URL.revokeObjectURL(url), 0)
      }
      return zip.length
    },
  })
}

/** A chosen backup file, read and checked, waiting for the user's confirmation. */
export interface PendingRestore {
  fileName: string
  files: Record<string, string>
  manifest: BackupManifest
}

export async function readBackupFile(file: File): Promise<PendingRestore> {
  const files = readBackupZip(new Uint8Array(await file.arrayBuffer()))
  return { fileName: file.name, files, manifest: readManifest(files) }
}

/** Replaces every record with the backup's, then has every view read again. */
export function useRestoreBackup(backup: LocalBackup | null) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (pending: PendingRestore) => {
      if (!backup) throw new Error('no embedded database')
      return backup.restoreBackup(pending.files)
    },
    onSuccess: () => queryClient.invalidateQueries(),
  })
}
