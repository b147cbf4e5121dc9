import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { deleteLocalStores } from '../data/idb-store.ts'
import type { OpenProgress } from './open-db.ts'

export type StartupStep = 'download' | 'open' | 'upgrade' | 'compat' | 'migration' | 'seed'

/**
 * What the database is doing, from a progress label: a named step (`step:download`) or the
 * SQL file being applied (`compat/…`, `migrations/…`, a seed). Null before anything started.
 * Shown in words from the message files (`startup.steps.*`), never as a file name.
 */
export function startupStep(label: string): StartupStep | null {
  if (!label) return null
  const named = /^step:(download|open|upgrade)$/.exec(label)
  if (named) return named[1] as StartupStep
  if (label.startsWith('compat/')) return 'compat'
  if (label.startsWith('migrations/')) return 'migration'
  return 'seed'
}

/**
 * Shown while the local database is opened (loaded on a first visit, built, or upgraded): a
 * small status over the app, which is already usable — the map and its facilities are drawn
 * from early answers meanwhile; what needs the database waits for it.
 */
export function StartupStatus({ progress }: { progress: OpenProgress | null }) {
  const { t } = useTranslation()
  const counted = progress !== null && progress.total > 0
  const step = progress ? startupStep(progress.label) : null
  return (
    <aside className="startup-status" aria-busy="true" data-testid="startup-screen">
      <p className="startup-status-title">{t('startup.title')}</p>
      {/* Without a count (download, open) the bar is indeterminate rather than stuck at 0. */}
      <progress
        max={1}
        {...(counted ? { value: progress.done / progress.total } : {})}
        aria-label={t('startup.title')}
      />
      <p className="startup-step" role="status" data-testid="startup-step">
        {counted && (
          <>
            <strong>
              {t('startup.step', { done: progress.done, total: progress.total })}
            </strong>{' '}
          </>
        )}
        {step ? t(`startup.steps.${step}`) : t('startup.waiting')}
      </p>
    </aside>
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
            void deleteLocalStores().finally(() => window.location.reload())
          }}
        >
          {t('startup.resetAndRetry')}
        </button>
      </div>
    </main>
  )
}
