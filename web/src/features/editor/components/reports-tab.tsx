import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useFeedbackInbox } from '../api/feedback-inbox.ts'
import type { InboxItem } from '../api/feedback-inbox.ts'
import { useDismissFeedback } from '../api/triage-feedback.ts'

const STATUSES = ['new', 'resolved', 'rejected'] as const

/**
 * Residents' reports on the worker's communities' facilities, newest first: fix the record
 * (the save resolves the report and links the change) or dismiss with a reason.
 */
export function ReportsTab({ onFix }: { onFix: (item: InboxItem) => void }) {
  const { t, i18n } = useTranslation()
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('new')
  const inbox = useFeedbackInbox(status)
  const dismiss = useDismissFeedback()
  const [dismissing, setDismissing] = useState<string | null>(null)
  const [reason, setReason] = useState('')
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' })
  return (
    <div className="reports-tab">
      <div className="segmented" role="radiogroup" aria-label={t('editor.reports.filter')}>
        {STATUSES.map((s) => (
          <label key={s}>
            <input
              type="radio"
              name="report-status"
              checked={status === s}
              onChange={() => setStatus(s)}
            />
            {t(`editor.reports.status.${s}`)}
          </label>
        ))}
      </div>
      {inbox.isPending && <p className="muted">{t('editor.loading')}</p>}
      {inbox.error && <p className="form-error">{inbox.error.message}</p>}
      {inbox.data?.length === 0 && <p className="muted">{t('editor.reports.none')}</p>}
      <ul className="report-list" data-testid="report-list">
        {inbox.data?.map((item) => (
          <li key={item.id} data-report={item.id} className="card">
            <div className="history-head">
              <strong>{item.facility_name}</strong>{' '}
              <span className="badge">{t(`editor.reports.kind.${item.kind}`)}</span>{' '}
              {item.rating != null && (
                <span aria-label={t('editor.reports.rating', { n: item.rating })}>
                  {'★'.repeat(item.rating)}
                </span>
              )}
            </div>
            <time className="muted small" dateTime={item.created_at}>
              {when.format(new Date(item.created_at))}
            </time>
            {item.comment && <p className="report-comment">{item.comment}</p>}
            {item.triage_note && (
              <p className="muted small">
                {t('editor.reports.note')} {item.triage_note}
              </p>
            )}
            {item.status === 'new' && dismissing !== item.id && (
              <div className="row-actions">
                <button
                  type="button"
                  className="primary"
                  onClick={() => onFix(item)}
                  data-testid={`fix-${item.id}`}
                >
                  {t('editor.reports.fix')}
                </button>
                <button
                  type="button"
                  onClick={() => {
                    setDismissing(item.id)
                    setReason('')
                    dismiss.reset()
                  }}
                  data-testid={`dismiss-${item.id}`}
                >
                  {t('editor.reports.dismiss')}
                </button>
              </div>
            )}
            {dismissing === item.id && (
              <form
                className="inline-form"
                onSubmit={(e) => {
                  e.preventDefault()
                  dismiss.mutate(
                    { feedbackId: item.id, reason },
                    { onSuccess: () => setDismissing(null) },
                  )
                }}
              >
                <label>
                  {t('editor.reports.dismissWhy')}
                  <input
                    value={reason}
                    required
                    maxLength={2000}
                    onChange={(e) => setReason(e.currentTarget.value)}
                    data-testid="dismiss-reason"
                  />
                </label>
                <button
                  type="submit"
                  disabled={dismiss.isPending || reason.trim() === ''}
                  data-testid="dismiss-confirm"
                >
                  {t('editor.reports.dismissConfirm')}
                </button>
                <button type="button" className="link-button" onClick={() => setDismissing(null)}>
                  {t('editor.cancel')}
                </button>
                {dismiss.error && <p className="form-error">{dismiss.error.message}</p>}
              </form>
            )}
          </li>
        ))}
      </ul>
    </div>
  )
}
