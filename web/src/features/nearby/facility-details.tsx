import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { minutesToWalk, type Pace } from '../../core/catalog/paces.ts'
import { paceForCategory } from '../../core/nearby/nearest-list.ts'
import { directionsLinks, deviceOsFromUserAgent } from '../../core/nearby/directions.ts'
import { straightLineSource } from '../../core/nearby/distance-source.ts'
import { meters } from '../../core/geo/units.ts'
import { FeedbackForm } from './feedback-form.tsx'
import { OpenStatus } from './open-status.tsx'
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
  /** The resident's chosen point, for distance and walking time. */
  from?: [number, number] | null
  pace?: Pace | null
  now?: Date
  /** Residents may rate and report; the other workspaces show the record only. */
  feedback?: boolean
}

const STALE_MS = 365 * 86_400_000

export function FacilityDetails({
  id,
  listed,
  categories,
  communities,
  from = null,
  pace = null,
  now,
  feedback = false,
}: FacilityDetailsProps) {
  const { t, i18n } = useTranslation()
  const { data: facility, isPending, error } = useFacility(id, listed)
  const at = useMemo(() => now ?? new Date(), [now])
  const links = useMemo(
    () =>
      facility
        ? directionsLinks([facility.lon, facility.lat], facility.name, {
            os: deviceOsFromUserAgent(
              typeof navigator === 'undefined' ? '' : navigator.userAgent,
              typeof navigator !== 'undefined' && navigator.maxTouchPoints > 1,
            ),
            language: i18n.language,
          })
        : [],
    [facility, i18n.language],
  )
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
  const walkPace = pace ?? paceForCategory(facility.category)
  const distance = from
    ? straightLineSource.distances(from, [[facility.lon, facility.lat]])[0]!
    : null
  const rows: DetailRow[] = [
    [t('facility.status'), <OpenStatus hours={facility.hours} status={facility.status} now={at} />],
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
  if (distance !== null)
    rows.unshift([
      t('facility.distance'),
      <span data-testid="facility-distance" data-meters={Math.round(distance)}>
        {t('nearby.distance', {
          meters: number.format(Math.round(distance)),
          minutes: minutesToWalk(meters(distance), walkPace),
        })}
        <small className="muted"> · {t('nearby.straightShort')}</small>
      </span>,
    ])
  if (facility.verified_at) {
    const verified = new Date(facility.verified_at)
    rows.push([
      t('facility.verifiedAt'),
      <>
        {verified.toLocaleDateString(i18n.language)}
        {at.getTime() - verified.getTime() > STALE_MS && (
          <small className="stale-note"> {t('facility.stale')}</small>
        )}
      </>,
    ])
  } else rows.push([t('facility.verifiedAt'), t('facility.neverVerified')])

  return (
    <article className="details" data-testid="facility-details" data-facility-id={facility.id}>
      <h2>{facility.name}</h2>
      <p className="details-kind">
        {category && (
          <span className="swatch" style={{ background: category.color }} aria-hidden="true" />
        )}
        {category ? categoryName(category, i18n.language) : facility.category}
        {facility.inclusive && (
          <span className="badge-inclusive" title={t('facility.inclusiveHint')}>
            {t('facility.inclusiveBadge')}
          </span>
        )}
      </p>
      <DetailRows rows={rows} />
      {facility.status === 'open' && (
        <div className="directions">
          <h3>{t('directions.title')}</h3>
          <ul>
            {links.map((link, i) => (
              <li key={link.provider}>
                <a
                  href={link.url}
                  target="_blank"
                  rel="noopener noreferrer"
                  className={i === 0 ? 'button primary' : 'button'}
                  data-provider={link.provider}
                >
                  {t(`directions.${link.provider}`)}
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}
      {feedback && <FeedbackForm key={facility.id} facilityId={facility.id} />}
    </article>
  )
}
