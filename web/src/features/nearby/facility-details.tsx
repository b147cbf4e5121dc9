import { useTranslation } from 'react-i18next'
import type { CategoryRow, CommunityRow, FacilityRow } from '../../data/row-schemas.ts'
import { useFacility } from '../../data/use-facility.ts'
import { categoryName } from '../../components/category-name.ts'
import { DetailRows, type DetailRow } from '../../components/detail-rows.tsx'
import {
  dayCodes,
  formatHours,
  type DayCode,
  type HoursLabels,
} from '../../components/format-hours.ts'

export interface FacilityDetailsProps {
  id: string
  /** The row the map already holds, shown while the fresh one loads. */
  listed: FacilityRow | undefined
  categories: readonly CategoryRow[]
  communities: readonly CommunityRow[] | undefined
}

export function FacilityDetails({ id, listed, categories, communities }: FacilityDetailsProps) {
  const { t, i18n } = useTranslation()
  const { data: facility, isPending, error } = useFacility(id, listed)
  if (error) return <p role="alert">{t('map.loadError', { message: error.message })}</p>
  if (isPending) return <p className="muted">…</p>
  if (!facility) return <p>{t('facility.notFound')}</p>

  const category = categories.find((c) => c.code === facility.category)
  const community = communities?.find((c) => c.id === facility.community_id)
  const number = new Intl.NumberFormat(i18n.language)
  const hoursLabels: HoursLabels = {
    days: Object.fromEntries(dayCodes.map((d) => [d, t(`hours.days.${d}`)])) as Record<
      DayCode,
      string
    >,
    allDay: t('hours.allDay'),
    off: t('hours.off'),
    dayRange: (from, to) => t('hours.dayRange', { from, to }),
    separator: t('hours.separator'),
  }
  const unknown = t('facility.unknown')
  const rows: DetailRow[] = [
    [
      t('facility.status'),
      <span className={`status status-${facility.status}`}>{t(`status.${facility.status}`)}</span>,
    ],
    [t('facility.address'), facility.address || unknown],
    [
      t('facility.hours'),
      facility.hours
        ? formatHours(facility.hours, hoursLabels).map((line) => (
            <span key={line} className="line">
              {line}
            </span>
          ))
        : unknown,
    ],
    [
      t('facility.phone'),
      facility.phone ? (
        <a href={`tel:${facility.phone.replace(/[^\d+]/g, '')}`}>{facility.phone}</a>
      ) : (
        unknown
      ),
    ],
    [
      t('facility.capacity'),
      facility.capacity == null
        ? unknown
        : t(`capacityUnit.${category?.capacity_unit ?? 'none'}`, {
            count: facility.capacity,
            formatted: number.format(facility.capacity),
          }),
    ],
    [t('facility.community'), community?.name ?? unknown],
  ]
  if (facility.operator) rows.push([t('facility.operator'), facility.operator])
  if (facility.inclusive != null)
    rows.push([t('facility.inclusive'), facility.inclusive ? t('facility.yes') : t('facility.no')])
  if (facility.verified_at)
    rows.push([
      t('facility.verifiedAt'),
      new Date(facility.verified_at).toLocaleDateString(i18n.language),
    ])

  return (
    <article className="details" data-testid="facility-details" data-facility-id={facility.id}>
      <h2>{facility.name}</h2>
      <p className="details-kind">
        {category && (
          <span className="swatch" style={{ background: category.color }} aria-hidden="true" />
        )}
        {category ? categoryName(category, i18n.language) : facility.category}
      </p>
      <DetailRows rows={rows} />
    </article>
  )
}
