import { useTranslation } from 'react-i18next'
import { formatCount, formatShare } from '../../../components/format-number.ts'
import type { DistrictSummary, ScenarioDiff } from '../table/community-rows.ts'

export interface DistrictSummaryViewProps {
  summary: DistrictSummary
  /** The category's (or complete life circle's) name. */
  name: string
  target: number | undefined
  diff: ScenarioDiff | null
}

/** The population-weighted district figure, communities below target, and a scenario's change. */
export function DistrictSummaryView({ summary, name, target, diff }: DistrictSummaryViewProps) {
  const { t, i18n } = useTranslation()
  const lang = i18n.language
  const signed = (n: number, digits: number) =>
    new Intl.NumberFormat(lang, {
      maximumFractionDigits: digits,
      signDisplay: 'exceptZero',
    }).format(n)
  return (
    <section
      className="planner-summary"
      data-testid="planner-summary"
      aria-labelledby="summary-title"
    >
      <h2 id="summary-title">{t('planner.summary.title', { category: name })}</h2>
      <p className="planner-summary-share">
        <strong data-testid="summary-share" data-value={summary.share ?? ''}>
          {formatShare(summary.share, lang)}
        </strong>{' '}
        {t('planner.summary.ofGroup', {
          covered: formatCount(summary.covered, lang),
          total: formatCount(summary.targetPopulation, lang),
        })}
      </p>
      {target !== undefined && summary.belowTarget !== null && (
        <p data-testid="summary-below" data-value={summary.belowTarget}>
          {t('planner.summary.below', {
            n: summary.belowTarget,
            total: summary.communities,
            target: formatShare(target, lang),
          })}
        </p>
      )}
      {diff && (
        <p className="planner-summary-diff" data-testid="summary-diff">
          {t('planner.summary.diff', {
            pp: diff.deltaPp === null ? '–' : signed(diff.deltaPp, 2),
            people: signed(diff.newlyCovered, 0),
          })}
          <span hidden data-testid="summary-delta-pp" data-value={diff.deltaPp ?? ''} />
          <span hidden data-testid="summary-newly" data-value={diff.newlyCovered} />
        </p>
      )}
      <p className="muted small">{t('planner.summary.weighted')}</p>
    </section>
  )
}
