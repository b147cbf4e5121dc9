import { useTranslation } from 'react-i18next'
import type { CoverageResult } from '../../../core/coverage/types.ts'
import type { CategoryRow } from '../../../data/row-schemas.ts'
import { categoryName } from '../../../components/category-name.ts'
import { targetGroupOf } from './coverage-input.ts'
import { formatCount, formatShare } from '../../../components/format-number.ts'

export interface CommunityCoverageProps {
  communityId: string
  categories: readonly CategoryRow[]
  result: CoverageResult | null
}

/** One community's coverage figures for every category, as a measures × categories table. */
export function CommunityCoverage({ communityId, categories, result }: CommunityCoverageProps) {
  const { t, i18n } = useTranslation()
  const lang = i18n.language
  const community = result?.communities.find((c) => c.id === communityId)
  if (!result || !community) return <p className="muted">{t('coverage.computing')}</p>

  const reach = result.settings.categories[0]?.reach_m
  const shown = categories.filter((c) => community.categories[c.code])
  const fig = (code: string) => community.categories[code]!
  const metres = (m: number | null) => formatCount(m, lang)
  const rows: Array<[string, (code: string) => string]> = [
    [t('coverage.areaShare'), (code) => formatShare(fig(code).area_share, lang)],
    [
      t('coverage.populationShare'),
      (code) =>
        formatShare(fig(code).population_share, lang) + (fig(code).target_fallback ? ' *' : ''),
    ],
    [t('coverage.covered'), (code) => formatCount(fig(code).population_covered, lang)],
    [t('coverage.inReach'), (code) => formatCount(fig(code).facilities_in_reach, lang)],
    [t('coverage.nearestMedian'), (code) => metres(fig(code).nearest_m_median)],
    [t('coverage.nearestP90'), (code) => metres(fig(code).nearest_m_p90)],
    [t('coverage.capacityPer1000'), (code) => formatCount(fig(code).capacity_per_1000, lang, 1)],
  ]
  const fallback = shown.filter((c) => fig(c.code).target_fallback)

  return (
    <div className="community-coverage" data-testid="community-coverage">
      <h3>
        {t('coverage.communityTitle', {
          metres: reach == null ? '–' : formatCount(reach, lang),
        })}
      </h3>
      <div className="coverage-table-scroll">
        <table className="coverage-table">
          <thead>
            <tr>
              <th scope="col" />
              {shown.map((c) => (
                <th key={c.code} scope="col" data-category={c.code}>
                  <span className="swatch" style={{ background: c.color }} aria-hidden />
                  {categoryName(c, lang)}
                  <small>{t(`coverage.group.${targetGroupOf(c.target_group)}`)}</small>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map(([label, value]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                {shown.map((c) => (
                  <td key={c.code} data-category={c.code}>
                    {value(c.code)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p data-testid="community-complete-share">
        {t('coverage.complete')}: <strong>{formatShare(community.complete_share, lang)}</strong>
      </p>
      {fallback.length > 0 && (
        <p className="muted small" data-testid="coverage-fallback">
          *{' '}
          {t('coverage.fallbackNote', {
            categories: fallback
              .map((c) => categoryName(c, lang))
              .join(t('coverage.listSeparator')),
          })}
        </p>
      )}
      <p className="muted small">{t('coverage.distanceNote')}</p>
    </div>
  )
}
