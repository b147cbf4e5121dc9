import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import {
  readBackupFile,
  useDownloadBackup,
  useLocalBackup,
  useRestoreBackup,
  type PendingRestore,
} from '../api/backup.ts'

/**
 * Admins of the embedded database: download every record as one zip (the files `npm run
 * export` writes), and restore such a zip after confirming; nothing on a hosted database.
 */
export function BackupPanel() {
  const { t, i18n } = useTranslation()
  const backup = useLocalBackup()
  const download = useDownloadBackup(backup)
  const restore = useRestoreBackup(backup)
  const [pending, setPending] = useState<PendingRestore | null>(null)
  const [readError, setReadError] = useState<string | null>(null)
  if (!backup) return null
  const count = (n: number | undefined) => (n ?? 0).toLocaleString(i18n.language)
  const restored = restore.data
  return (
    <section
      className="card backup-panel"
      data-testid="backup-panel"
      aria-labelledby="backup-title"
    >
      <h3 id="backup-title">{t('editor.backup.title')}</h3>
      <p className="muted">{t('editor.backup.explain')}</p>
      <div className="backup-actions">
        <button
          type="button"
          onClick={() => download.mutate()}
          disabled={download.isPending}
          data-testid="backup-download"
        >
          {download.isPending ? t('editor.backup.preparing') : t('editor.backup.download')}
        </button>
        <label htmlFor="backup-file">{t('editor.backup.choose')}</label>
        <input
          id="backup-file"
          type="file"
          accept=".zip,application/zip"
          data-testid="backup-file"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0]
            e.currentTarget.value = ''
            setReadError(null)
            setPending(null)
            restore.reset()
            if (!file) return
            readBackupFile(file).then(setPending, (err: unknown) =>
              setReadError(
                t('editor.backup.unreadable', { file: file.name, reason: (err as Error).message }),
              ),
            )
          }}
        />
      </div>
      {download.error && (
        <p className="form-error" role="alert">
          {download.error.message}
        </p>
      )}
      {readError && (
        <p className="form-error" role="alert" data-testid="backup-error">
          {readError}
        </p>
      )}
      {pending && !restored && (
        <div className="backup-confirm" role="alertdialog" aria-labelledby="backup-confirm-title">
          <p id="backup-confirm-title">
            {t('editor.backup.confirm', {
              file: pending.fileName,
              date: new Date(pending.manifest.exported_at).toLocaleString(i18n.language),
              facilities: count(pending.manifest.counts['public.facilities']),
              communities: count(pending.manifest.counts['public.communities']),
              changes: count(pending.manifest.counts['public.facility_changes']),
            })}
          </p>
          <p className="muted">{t('editor.backup.confirmWarning')}</p>
          <button
            type="button"
            className="primary"
            disabled={restore.isPending}
            onClick={() => restore.mutate(pending)}
            data-testid="backup-restore-confirm"
          >
            {restore.isPending ? t('editor.backup.restoring') : t('editor.backup.restore')}
          </button>
          <button type="button" className="link-button" onClick={() => setPending(null)}>
            {t('editor.cancel')}
          </button>
        </div>
      )}
      {restore.error && (
        <p className="form-error" role="alert" data-testid="backup-error">
          {t('editor.backup.failed', { reason: restore.error.message })}
        </p>
      )}
      {restored && (
        <p className="notice success" role="status" data-testid="backup-restored">
          {t('editor.backup.restored', {
            facilities: count(restored['public.facilities']),
            communities: count(restored['public.communities']),
            changes: count(restored['public.facility_changes']),
          })}
        </p>
      )}
    </section>
  )
}
