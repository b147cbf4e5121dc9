import { useTranslation } from 'react-i18next'
import { formatCount, formatShare } from '../../../components/format-number.ts'
import { usePlannerStore } from '../planner-store.ts'
import type { TargetComparison } from './targets.ts'

/**
 * The policy targets against the district: each cites its plan and clause, says how the app
 * approximates the indicator, and can be edited (kept in this browser) or switched off.
 */
export function TargetsPanel({ comparisons }: { comparisons: readonly TargetComparison[] }) {
  const { t, i18n } = useTranslation()
  const lang = i18n.language
  const targetEdits = usePlannerStore((s) => s.targetEdits)
  const { setTarget } = usePlannerStore.getState()
  return (
    <details className="planner-targets" data-testid="planner-targets" open>
      <summary>
        <h2>{t('planner.targets.title')}</h2>
      </summary>
      <ul>
        {comparisons.map(({ target, actual, met, otherMinutes }) => {
          const isShare = target.measure !== 'capacity_per_1000'
          const fmt = (v: number | null) =>
            isShare ? formatShare(v, lang) : formatCount(v, lang, 1)
          const edit = targetEdits[target.id] ?? {}
          return (
            <li
              key={target.id}
              data-target={target.id}
              className={met === null ? 'unknown' : met ? 'met' : 'unmet'}
            >
              <p className="planner-target-head">
                <span aria-hidden>{met === null ? '–' : met ? '✓' : '✗'}</span>{' '}
                <strong>{t(`planner.targets.name.${target.id}`)}</strong>{' '}
                <span data-testid="target-status">
                  {t(
                    met === null
                      ? 'planner.targets.unknown'
                      : met
                        ? 'planner.targets.met'
                        : 'planner.targets.unmet',
                    {
                      actual: fmt(actual),
                      goal: fmt(target.value),
                    },
                  )}
                </span>
              </p>
              <p className="small">
                <cite>
                  {target.citation.document} · {target.citation.indicator}
                </cite>{' '}
                <span className="muted">
                  (
                  {t('planner.targets.clause', {
                    file: target.citation.file,
                    line: target.citation.line,
                    year: target.year,
                  })}
                  )
                </span>
              </p>
              <p className="muted small">
                {t(`planner.targets.approx.${target.measure}`, {
                  threshold: formatShare(target.threshold ?? 0.5, lang),
                  minutes: target.minutes,
                })}
                {otherMinutes &&
                  ` ${t('planner.targets.otherMinutes', { minutes: target.minutes })}`}
              </p>
              <div className="planner-target-edit">
                <label>
                  {t('planner.targets.goal')}
                  <input
                    type="number"
                    inputMode="decimal"
                    min={0}
                    step={isShare ? 1 : 0.1}
                    max={isShare ? 100 : undefined}
                    data-testid={`target-value-${target.id}`}
                    value={isShare ? round(target.value * 100) : target.value}
                    onChange={(e) => {
                      const n = Number(e.target.value)
                      if (e.target.value === '' || !Number.isFinite(n)) return
                      setTarget(target.id, { ...edit, value: isShare ? n / 100 : n })
                    }}
                  />
                  {isShare ? '%' : ''}
                </label>
                {target.measure === 'community_share' && (
                  <label>
                    {t('planner.targets.threshold')}
                    <input
                      type="number"
                      min={0}
                      max={100}
                      step={1}
                      value={round((target.threshold ?? 0.5) * 100)}
                      onChange={(e) => {
                        const n = Number(e.target.value)
                        if (e.target.value === '' || !Number.isFinite(n)) return
                        setTarget(target.id, { ...edit, threshold: n / 100 })
                      }}
                    />
                    %
                  </label>
                )}
                {target.edited && (
                  <button type="button" className="link" onClick={() => setTarget(target.id, null)}>
                    {t('planner.targets.reset')}
                  </button>
                )}
              </div>
            </li>
          )
        })}
      </ul>
      <p className="muted small">{t('planner.targets.saved')}</p>
    </details>
  )
}

const round = (n: number) => Math.round(n * 1e6) / 1e6
