import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { categoryName } from '../../components/category-name.ts'
import { DetailRows, type DetailRow } from '../../components/detail-rows.tsx'
import type { CategoryRow, CommunityRow } from '../../data/row-schemas.ts'

export interface CommunityDetailsProps {
  community: CommunityRow
  categories: readonly CategoryRow[]
  /** Shown under the counts (the planner's coverage figures). */
  children?: ReactNode
}

export function CommunityDetails({ community, categories, children }: CommunityDetailsProps) {
  const { t, i18n } = useTranslation()
  const number = new Intl.NumberFormat(i18n.language)
  const people = (n: number | null | undefined) =>
    n == null
      ? t('facility.unknown')
      : t('community.people', { count: n, formatted: number.format(n) })
  const place = [community.street, community.district].filter(Boolean).join(' · ')
  const rows: DetailRow[] = [
    [t('community.populationTotal'), people(community.population)],
    [t('community.populationElderly'), people(community.population_elderly)],
    [t('community.populationInfants'), people(community.population_infants)],
  ]
  if (community.households != null)
    rows.push([t('community.households'), number.format(community.households)])
  if (community.area_m2 != null) {
    const km2 = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 }).format(
      community.area_m2 / 1e6,
    )
    rows.push([t('community.area'), t('community.areaValue', { value: km2 })])
  }
  const source = [community.source, community.vintage]
    .filter((v) => v != null && v !== '')
    .join(' · ')
  if (source) rows.push([t('community.source'), source])

  return (
    <article className="details" data-testid="community-details" data-community-id={community.id}>
      <h2>{community.name}</h2>
      {place && <p className="details-kind">{place}</p>}
      <DetailRows rows={rows} />
      <h3>{t('community.facilities')}</h3>
      <ul className="facility-counts">
        {categories.map((category) => (
          <li key={category.code}>
            <span className="swatch" style={{ background: category.color }} aria-hidden="true" />
            <span>{categoryName(category, i18n.language)}</span>
            <strong data-testid={`community-count-${category.code}`}>
              {number.format(community.facility_counts[category.code] ?? 0)}
            </strong>
          </li>
        ))}
      </ul>
      {children}
    </article>
  )
}
