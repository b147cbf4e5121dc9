import { useTranslation } from 'react-i18next'
import { formatCount, formatShare } from '../../../components/format-number.ts'
import type { CoverageResult } from '../../../core/coverage/types.ts'
import { largestGaps } from '../../../core/io/export/largest-gaps.ts'
import { methodNote, reachNote, type ExportProvenance } from '../../../core/io/export/provenance.ts'
import type { TargetComparison } from '../targets/targets.ts'

export interface PlannerReportProps {
  result: CoverageResult
  comparisons: readonly TargetComparison[]
  provenance: ExportProvenance
  image: string | null
  categoryName(code: string): string
}

/**
 * The printable report (shown only when printing): the district against the targets, the ten
 * largest gaps, the map and the method — the same figures as the screen and the exports.
 */
export function PlannerReport({
  result,
  comparisons,
  provenance,
  image,
  categoryName,
}: PlannerReportProps) {
  const { t, i18n } = useTranslation()
  const lang = i18n.language
  const gaps = largestGaps(result, { n: 10 })
  return (
    <article className="planner-report" data-testid="planner-report" aria-hidden>
      <h1>{t('planner.report.title')}</h1>
      <p>
        {provenance.data_source} · {provenance.data_vintage} · {provenance.generated_at} · v
        {provenance.app_version}
      </p>
      <h2>{t('planner.report.targets')}</h2>
      <table>
        <thead>
          <tr>
            <th>{t('planner.report.target')}</th>
            <th>{t('planner.report.goal')}</th>
            <th>{t('planner.report.actual')}</th>
            <th>{t('planner.table.met')}</th>
          </tr>
        </thead>
        <tbody>
          {comparisons.map(({ target, actual, met }) => {
            const fmt = (v: number | null) =>
              target.measure === 'capacity_per_1000'
                ? formatCount(v, lang, 1)
                : formatShare(v, lang)
            return (
              <tr key={target.id}>
                <td>
                  {t(`planner.targets.name.${target.id}`)}
                  <br />
                  <small>
                    {target.citation.document} · {target.citation.indicator}
                  </small>
                </td>
                <td>{fmt(target.value)}</td>
                <td>{fmt(actual)}</td>
                <td>
                  {met === null
                    ? '–'
                    : met
                      ? `✓ ${t('planner.table.yes')}`
                      : `✗ ${t('planner.table.no')}`}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      <h2>{t('planner.report.gaps')}</h2>
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>{t('planner.table.community')}</th>
            <th>{t('planner.report.category')}</th>
            <th>{t('planner.table.targetPeople')}</th>
            <th>{t('planner.report.uncovered')}</th>
            <th>{t('planner.report.share')}</th>
          </tr>
        </thead>
        <tbody>
          {gaps.map((g) => (
            <tr key={`${g.community_id}-${g.category}`}>
              <td>{g.rank}</td>
              <td>{g.community_name}</td>
              <td>{categoryName(g.category)}</td>
              <td>{formatCount(g.target_population, lang)}</td>
              <td>{formatCount(g.uncovered_people, lang)}</td>
              <td>{formatShare(g.population_share, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {image && (
        <>
          <h2>{t('planner.report.map')}</h2>
          <img src={image} alt={t('planner.report.map')} />
        </>
      )}
      <h2>{t('planner.report.method')}</h2>
      <p>{reachNote(result, provenance.reach_notes)}</p>
      <p>{methodNote(result)}</p>
    </article>
  )
}
