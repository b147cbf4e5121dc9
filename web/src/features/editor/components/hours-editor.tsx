import { useEffect, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { DAY_CODES } from '../../../core/catalog/opening-hours.ts'
import type { DayCode } from '../../../core/catalog/opening-hours.ts'
import { checkDraft, draftToHours, hoursToDraft, newRule } from '../lib/hours-model.ts'
import type { HoursDraft, RuleDraft } from '../lib/hours-model.ts'

export interface HoursEditorProps {
  /** The stored grammar ('' for none). */
  value: string
  onChange: (value: string) => void
  /** Id of the element describing an error from the form, if any. */
  describedBy?: string
}

/**
 * Opening hours as rules a person can read: which days, closed or which time ranges. Writes
 * the stored grammar (core/catalog/opening-hours.ts) and reads it back with the same parser;
 * hours it cannot read are shown as stored, with the reason, until replaced.
 */
export function HoursEditor({ value, onChange, describedBy }: HoursEditorProps) {
  const { t } = useTranslation()
  const id = useId()
  const [draft, setDraft] = useState<HoursDraft | null>(() => {
    const read = hoursToDraft(value)
    return read.ok ? read.draft : null
  })
  const [unreadable, setUnreadable] = useState<string | null>(() => {
    const read = hoursToDraft(value)
    return read.ok ? null : read.error
  })
  // Follow a value set from outside (a restored draft, a merge) when it differs from ours.
  useEffect(() => {
    const ours = draft && checkDraft(draft).length === 0 ? (draftToHours(draft) ?? '') : null
    if (ours === value) return
    const read = hoursToDraft(value)
    if (read.ok) {
      setDraft(read.draft)
      setUnreadable(null)
    } else {
      setDraft(null)
      setUnreadable(read.error)
    }
    // Only an outside change of `value` resets the editor, not our own draft's edits.
  }, [value])

  const problems = draft ? checkDraft(draft) : []
  const update = (next: HoursDraft) => {
    setDraft(next)
    setUnreadable(null)
    if (checkDraft(next).length === 0) onChange(draftToHours(next) ?? '')
  }
  const updateRule = (index: number, rule: RuleDraft) => {
    if (draft?.mode !== 'rules') return
    update({ mode: 'rules', rules: draft.rules.map((r, i) => (i === index ? rule : r)) })
  }

  if (!draft) {
    return (
      <div className="hours-editor" data-testid="hours-editor">
        <p className="form-error" id={`${id}-unreadable`}>
          {t('editor.hours.unreadable', { text: value, reason: unreadable ?? '' })}
        </p>
        <button type="button" onClick={() => update({ mode: 'rules', rules: [newRule()] })}>
          {t('editor.hours.replace')}
        </button>
      </div>
    )
  }

  return (
    <div className="hours-editor" data-testid="hours-editor" aria-describedby={describedBy}>
      <div className="hours-mode" role="radiogroup" aria-label={t('facility.hours')}>
        {(['none', 'always', 'rules'] as const).map((mode) => (
          <label key={mode}>
            <input
              type="radio"
              name={`${id}-mode`}
              checked={draft.mode === mode}
              onChange={() => update(mode === 'rules' ? { mode, rules: [newRule()] } : { mode })}
            />
            {t(`editor.hours.mode.${mode}`)}
          </label>
        ))}
      </div>
      {draft.mode === 'rules' &&
        draft.rules.map((rule, r) => (
          <fieldset key={r} className="hours-rule" data-testid={`hours-rule-${r}`}>
            <legend>{t('editor.hours.rule', { n: r + 1 })}</legend>
            <div className="hours-days">
              {DAY_CODES.map((d) => (
                <label key={d} className="day-chip">
                  <input
                    type="checkbox"
                    checked={rule.days.includes(d)}
                    data-day={d}
                    onChange={(e) => {
                      const days: DayCode[] = e.currentTarget.checked
                        ? [...rule.days, d]
                        : rule.days.filter((x) => x !== d)
                      updateRule(r, { ...rule, days })
                    }}
                  />
                  {t(`hours.days.${d}`)}
                </label>
              ))}
            </div>
            <p className="muted small">
              {rule.days.length === 0 ? t('editor.hours.everyDay') : null}
            </p>
            <label className="inline">
              <input
                type="checkbox"
                checked={rule.off}
                onChange={(e) =>
                  updateRule(r, {
                    ...rule,
                    off: e.currentTarget.checked,
                    ranges: e.currentTarget.checked ? [] : [{ start: '08:00', end: '17:00' }],
                  })
                }
              />
              {t('editor.hours.closedAllDay')}
            </label>
            {!rule.off &&
              rule.ranges.map((range, k) => {
                const bad = problems.some((p) => p.rule === r && p.range === k)
                return (
                  <div key={k} className="hours-range">
                    <input
                      type="time"
                      aria-label={t('editor.hours.from')}
                      value={range.start}
                      aria-invalid={bad || undefined}
                      onChange={(e) =>
                        updateRule(r, {
                          ...rule,
                          ranges: rule.ranges.map((x, i) =>
                            i === k ? { ...x, start: e.currentTarget.value } : x,
                          ),
                        })
                      }
                    />
                    <span aria-hidden>–</span>
                    <input
                      type="time"
                      aria-label={t('editor.hours.to')}
                      value={range.end === '24:00' ? '23:59' : range.end}
                      aria-invalid={bad || undefined}
                      onChange={(e) =>
                        updateRule(r, {
                          ...rule,
                          ranges: rule.ranges.map((x, i) =>
                            i === k ? { ...x, end: e.currentTarget.value } : x,
                          ),
                        })
                      }
                    />
                    {rule.ranges.length > 1 && (
                      <button
                        type="button"
                        className="link-button"
                        onClick={() =>
                          updateRule(r, { ...rule, ranges: rule.ranges.filter((_, i) => i !== k) })
                        }
                      >
                        {t('editor.hours.removeRange')}
                      </button>
                    )}
                  </div>
                )
              })}
            {problems.some((p) => p.rule === r) && (
              <p className="form-error">{t('editor.hours.badTime')}</p>
            )}
            <div className="row-actions">
              {!rule.off && (
                <button
                  type="button"
                  className="link-button"
                  onClick={() =>
                    updateRule(r, {
                      ...rule,
                      ranges: [...rule.ranges, { start: '14:00', end: '17:00' }],
                    })
                  }
                >
                  {t('editor.hours.addRange')}
                </button>
              )}
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  const rules = draft.rules.filter((_, i) => i !== r)
                  update(rules.length ? { mode: 'rules', rules } : { mode: 'none' })
                }}
              >
                {t('editor.hours.removeRule')}
              </button>
            </div>
          </fieldset>
        ))}
      {draft.mode === 'rules' && (
        <button
          type="button"
          onClick={() =>
            update({
              mode: 'rules',
              rules: [...draft.rules, { days: ['Sa', 'Su'], off: true, ranges: [] }],
            })
          }
        >
          {t('editor.hours.addRule')}
        </button>
      )}
      <p className="muted small">
        {t('editor.hours.stored')} <code data-testid="hours-text">{value || '—'}</code>
      </p>
    </div>
  )
}
