import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { OpenProgress } from './open-db.ts'

/** `migrations/20261122000300_create_categories.sql` → `create categories`. */
export function stepName(label: string): string {
  return label
    .replace(/^.*\//, '')
    .replace(/^\d+_/, '')
    .replace(/\.sql$/, '')
    .replaceAll('_', ' ')
}

/** Shown while the local database is created on first start (a few seconds) or opened later. */
export function StartupScreen({ progress }: { progress: OpenProgress | null }) {
  const { t } = useTranslation()
  const share = progress && progress.total > 0 ? progress.done / progress.total : 0
  return (
    <main className="startup" aria-busy="true" data-testid="startup-screen">
      <h1>{t('startup.title')}</h1>
      <p>{t('startup.firstRun')}</p>
      <progress max={1} value={share} aria-label={t('startup.title')} />
      <p className="startup-step" aria-live="polite">
        {progress ? (
          <>
            <strong>{t('startup.step', { done: progress.done, total: progress.total })}</strong>{' '}
            {stepName(progress.label) || t('startup.waiting')}
          </>
        ) : (
          t('startup.waiting')
        )}
      </p>
    </main>
  )
}

// PGlite keeps an `idb://name` data directory in an IndexedDB database called `/pglite/name`.
async function deleteLocalDatabases(): Promise<void> {
  const all = (await indexedDB.databases?.()) ?? []
  await Promise.all(
    all
      .map((d) => d.name)
      .filter((name): name is string => !!name && name.startsWith('/pglite/'))
      .map(
        (name) =>
          new Promise<void>((resolve, reject) => {
            const request = indexedDB.deleteDatabase(name)
            request.onsuccess = () => resolve()
            request.onerror = () => reject(request.error ?? new Error(`could not delete ${name}`))
            request.onblocked = () => resolve()
          }),
      ),
  )
}

/** Never a blank page: what failed, in words, and two ways out. */
export function StartupError({
  error,
  during = 'startup',
}: {
  error: Error
  during?: 'startup' | 'render'
}) {
  const { t } = useTranslation()
  const [busy, setBusy] = useState(false)
  return (
    <main className="startup startup-error" role="alert" data-testid="startup-error">
      <h1>{during === 'startup' ? t('startup.errorTitle') : t('startup.renderErrorTitle')}</h1>
      <p>{during === 'startup' ? t('startup.errorHint') : t('startup.renderErrorHint')}</p>
      <h2>{t('startup.details')}</h2>
      <pre>{error.message}</pre>
      <div className="button-row">
        <button type="button" onClick={() => window.location.reload()}>
          {t('startup.retry')}
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() => {
            setBusy(true)
            void deleteLocalDatabases().finally(() => window.location.reload())
          }}
        >
          {t('startup.resetAndRetry')}
        </button>
      </div>
    </main>
  )
}
