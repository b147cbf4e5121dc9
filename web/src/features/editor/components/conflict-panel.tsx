import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { TimelineEntry } from '../api/facility-timeline.ts'
import type { EditableField, FacilityValues } from '../lib/facility-values.ts'
import { allChoices, defaultChoices, diffThreeWay, mergeValues } from '../lib/merge.ts'
import type { MergeChoices } from '../lib/merge.ts'
import { displayValue, fieldLabel } from './field-labels.ts'

export interface ConflictPanelProps {
  base: FacilityValues | null
  mine: FacilityValues
  theirs: FacilityValues
  /** Changes saved since the form was opened, newest first (from the timeline). */
  since: readonly TimelineEntry[]
  busy: boolean
  /** Save these values at the stored record's version. */
  onResolve: (values: FacilityValues, how: 'mine' | 'theirs' | 'merge') => void
}

/**
 * Someone saved the record after this form was opened: what changed on each side, field by
 * field, with who changed it; keep mine, take theirs, or pick per field.
 */
export function ConflictPanel({ base, mine, theirs, since, busy, onResolve }: ConflictPanelProps) {
  const { t, i18n } = useTranslation()
  const diffs = diffThreeWay(base, mine, theirs)
  const [choices, setChoices] = useState<MergeChoices>(() => defaultChoices(diffs))
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' })
  const whoChanged = (field: EditableField) => {
    const entry = since.find((e) => e.changes.some((c) => c.field === field))
    return entry
      ? t('editor.conflict.changedBy', {
          name: entry.actor_name ?? t('editor.history.someone'),
          at: when.format(new Date(entry.at)),
        })
      : ''
  }
  return (
    <section
      className="conflict-panel"
      role="alertdialog"
      aria-labelledby="conflict-title"
      data-testid="conflict-panel"
    >
      <h3 id="conflict-title">{t('editor.conflict.title')}</h3>
      <p>{t('editor.conflict.explain', { count: since.length })}</p>
      <div className="table-scroll">
        <table className="conflict-table">
          <thead>
            <tr>
              <th scope="col">{t('editor.conflict.field')}</th>
              <th scope="col">{t('editor.conflict.mine')}</th>
              <th scope="col">{t('editor.conflict.theirs')}</th>
            </tr>
          </thead>
          <tbody>
            {diffs.map((d) => (
              <tr key={d.field} data-field={d.field} data-kind={d.kind}>
                <th scope="row">
                  {fieldLabel(t, d.field)}
                  <small className="muted">{t(`editor.conflict.kind.${d.kind}`)}</small>
                </th>
                <td>
                  <label>
                    <input
                      type="radio"
                      name={`merge-${d.field}`}
                      checked={choices[d.field] === 'mine'}
                      onChange={() => setChoices({ ...choices, [d.field]: 'mine' })}
                      data-testid={`keep-mine-${d.field}`}
                    />
                    {displayValue(t, d.field, d.mine)}
                  </label>
                </td>
                <td>
                  <label>
                    <input
                      type="radio"
                      name={`merge-${d.field}`}
                      checked={choices[d.field] === 'theirs'}
                      onChange={() => setChoices({ ...choices, [d.field]: 'theirs' })}
                      data-testid={`take-theirs-${d.field}`}
                    />
                    {displayValue(t, d.field, d.theirs)}
                  </label>
                  <small className="muted">{whoChanged(d.field)}</small>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="row-actions">
        <button
          type="button"
          disabled={busy}
          data-testid="conflict-keep-mine"
          onClick={() => onResolve(mergeValues(mine, theirs, allChoices(diffs, 'mine')), 'mine')}
        >
          {t('editor.conflict.keepMine')}
        </button>
        <button
          type="button"
          disabled={busy}
          data-testid="conflict-take-theirs"
          onClick={() => onResolve(theirs, 'theirs')}
        >
          {t('editor.conflict.takeTheirs')}
        </button>
        <button
          type="button"
          className="primary"
          disabled={busy}
          data-testid="conflict-merge"
          onClick={() => onResolve(mergeValues(mine, theirs, choices), 'merge')}
        >
          {t('editor.conflict.saveMerged')}
        </button>
      </div>
    </section>
  )
}
