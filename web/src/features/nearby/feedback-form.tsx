import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { DbError } from '../../data/db.ts'
import { COMMENT_MAX, useSubmitFeedback, type SubmitFeedbackInput } from './api/submit-feedback.ts'

type Kind = SubmitFeedbackInput['kind']

/**
 * 好差评 and "something is wrong", without an account. Names and comments are sent and later
 * shown as text only; the database validates, limits their length and throttles bursts.
 */
export function FeedbackForm({ facilityId }: { facilityId: string }) {
  const { t } = useTranslation()
  const id = useId()
  const [kind, setKind] = useState<Kind>('rating')
  const [rating, setRating] = useState<number | null>(null)
  const [comment, setComment] = useState('')
  const submit = useSubmitFeedback()
  const [fieldError, setFieldError] = useState<string | null>(null)

  if (submit.isSuccess)
    return (
      <p className="feedback-thanks" role="status" data-testid="feedback-thanks">
        {t('feedback.thanks')}
      </p>
    )
  const error = submit.error
  const throttled = error instanceof DbError && error.code === 'PT429'
  return (
    <form
      className="feedback-form"
      data-testid="feedback-form"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault()
        if (kind === 'rating' && rating === null) return setFieldError(t('feedback.needRating'))
        setFieldError(null)
        submit.mutate({ facilityId, kind, rating, comment: comment.trim() || null })
      }}
    >
      <h3 id={`${id}-title`}>{t('feedback.title')}</h3>
      <fieldset>
        <legend>{t('feedback.kind')}</legend>
        <div className="segmented" role="group">
          {(['rating', 'wrong_info', 'closed', 'other'] as const).map((k) => (
            <button
              key={k}
              type="button"
              aria-pressed={kind === k}
              data-kind={k}
              onClick={() => setKind(k)}
            >
              {t(`feedback.kind_${k}`)}
            </button>
          ))}
        </div>
      </fieldset>
      {kind === 'rating' && (
        <fieldset>
          <legend>{t('feedback.rating')}</legend>
          <div className="stars" role="radiogroup" aria-label={t('feedback.rating')}>
            {[1, 2, 3, 4, 5].map((n) => (
              <label key={n} className="star">
                <input
                  type="radio"
                  name={`${id}-rating`}
                  value={n}
                  checked={rating === n}
                  onChange={() => setRating(n)}
                  data-testid={`star-${n}`}
                />
                <span aria-hidden="true">{rating !== null && n <= rating ? '★' : '☆'}</span>
                <span className="visually-hidden">{t('feedback.stars', { count: n })}</span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <label htmlFor={`${id}-comment`}>{t('feedback.comment')}</label>
      <textarea
        id={`${id}-comment`}
        value={comment}
        maxLength={COMMENT_MAX}
        rows={3}
        onChange={(e) => setComment(e.currentTarget.value)}
        data-testid="feedback-comment"
      />
      <small className="muted">
        {t('feedback.chars', { count: comment.length, max: COMMENT_MAX })}
      </small>
      {fieldError && (
        <p role="alert" className="form-error">
          {fieldError}
        </p>
      )}
      {error && (
        <p
          role="alert"
          className="form-error"
          data-testid="feedback-error"
          data-throttled={throttled}
        >
          {throttled ? t('feedback.throttled') : t('feedback.failed', { message: error.message })}
        </p>
      )}
      <button
        type="submit"
        className="primary"
        disabled={submit.isPending}
        data-testid="feedback-submit"
      >
        {t('feedback.send')}
      </button>
    </form>
  )
}
