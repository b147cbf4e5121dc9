import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { DbError } from '../../../data/db.ts'
import { useFacilityTimeline } from '../api/facility-timeline.ts'
import { useRevertChange } from '../api/revert-change.ts'
import { displayValue, fieldLabel } from './field-labels.ts'

// Fields a revert puts back (the database reverts only these; verification stays the verifier's).
const REVERTIBLE = new Set([
  'name',
  'category',
  'status',
  'address',
  'lon',
  'lat',
  'capacity',
  'hours',
  'phone',
  'operator',
  'inclusive',
  'published',
  'source',
  'deleted_at',
])

/** A facility's timeline: who, when, which fields from → to, why; revert a change. */
export function HistoryList({
  facilityId,
  currentVersion,
}: {
  facilityId: string
  currentVersion: number | null
}) {
  const { t, i18n } = useTranslation()
  const timeline = useFacilityTimeline(facilityId)
  const revert = useRevertChange()
  const [confirming, setConfirming] = useState<number | null>(null)
  const [why, setWhy] = useState('')
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' })
  if (timeline.isPending) return <p className="muted">{t('editor.loading')}</p>
  if (timeline.error) return <p className="form-error">{timeline.error.message}</p>
  return (
    <ol className="history-list" data-testid="history-list">
      {timeline.data.map((entry) => {
        const revertible =
          entry.action !== 'insert' && entry.changes.some((c) => REVERTIBLE.has(c.field))
        return (
          <li key={entry.change_id} data-change={entry.change_id}>
            <div className="history-head">
              <strong>{entry.actor_name ?? t('editor.history.someone')}</strong>{' '}
              <span>{t(`editor.history.action.${entry.action}`)}</span>{' '}
              <time className="muted" dateTime={entry.at}>
                {when.format(new Date(entry.at))}
              </time>
            </div>
            {entry.reason && (
              <p className="history-reason">
                {t('editor.history.why')} {entry.reason}
              </p>
            )}
            {entry.action !== 'insert' && (
              <ul className="history-changes">
                {entry.changes.map((c) => (
                  <li key={c.field}>
                    <span className="field-name">{fieldLabel(t, c.field)}</span>{' '}
                    <del>{displayValue(t, c.field, c.from)}</del> →{' '}
                    <ins>{displayValue(t, c.field, c.to)}</ins>
                  </li>
                ))}
              </ul>
            )}
            {revertible && currentVersion !== null && confirming !== entry.change_id && (
              <button
                type="button"
                className="link-button"
                data-testid={`revert-${entry.change_id}`}
                onClick={() => {
                  setConfirming(entry.change_id)
                  setWhy('')
                  revert.reset()
                }}
              >
                {t('editor.history.revert')}
              </button>
            )}
            {confirming === entry.change_id && currentVersion !== null && (
              <form
                className="inline-form"
                onSubmit={(e) => {
                  e.preventDefault()
                  revert.mutate(
                    {
                      changeId: entry.change_id,
                      expectedVersion: currentVersion,
                      reason: why.trim() || null,
                    },
                    { onSuccess: () => setConfirming(null) },
                  )
                }}
              >
                <label>
                  {t('editor.history.revertWhy')}
                  <input
                    value={why}
                    onChange={(e) => setWhy(e.currentTarget.value)}
                    maxLength={500}
                  />
                </label>
                <button type="submit" disabled={revert.isPending} data-testid="revert-confirm">
                  {t('editor.history.revertConfirm')}
                </button>
                <button type="button" className="link-button" onClick={() => setConfirming(null)}>
                  {t('editor.cancel')}
                </button>
                {revert.error && (
                  <p className="form-error" role="alert">
                    {revert.error instanceof DbError && revert.error.isConflict
                      ? t('editor.history.revertConflict')
                      : revert.error.message}
                  </p>
                )}
              </form>
            )}
          </li>
        )
      })}
    </ol>
  )
}
