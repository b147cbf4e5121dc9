import { useTranslation } from 'react-i18next'
import { nextChange } from '../../core/catalog/opening-hours.ts'
import type { FacilityStatus } from '../../data/row-schemas.ts'

const CHINA_TIME = 'Asia/Shanghai'

/**
 * "Open now · closes 13:00" / "Closed · opens Mon 08:30" from the opening hours, and never
 * "open" for a facility recorded as closed or planned, whatever its hours say.
 */
export function OpenStatus({
  hours,
  status,
  now,
}: {
  hours: string | null | undefined
  status: FacilityStatus
  now: Date
}) {
  const { t, i18n } = useTranslation()
  if (status !== 'open')
    return <span className={`open-badge status-${status}`}>{t(`status.${status}`)}</span>
  if (!hours) return <span className="open-badge unknown">{t('open.unknown')}</span>
  const change = nextChange(hours, now)
  if (!change) return <span className="open-badge unknown">{t('open.unreadable')}</span>
  const sameDay =
    change.at &&
    new Intl.DateTimeFormat('en-CA', { timeZone: CHINA_TIME, dateStyle: 'short' }).format(
      change.at,
    ) === new Intl.DateTimeFormat('en-CA', { timeZone: CHINA_TIME, dateStyle: 'short' }).format(now)
  const when = change.at
    ? new Intl.DateTimeFormat(i18n.language, {
        timeZone: CHINA_TIME,
        hour: '2-digit',
        minute: '2-digit',
        hour12: false,
        ...(sameDay ? {} : { weekday: 'short' }),
      }).format(change.at)
    : null
  return (
    <span
      className={`open-badge ${change.open ? 'open-now' : 'closed-now'}`}
      data-testid="open-status"
      data-open={change.open}
    >
      <span aria-hidden="true">{change.open ? '● ' : '○ '}</span>
      {change.open ? t('open.now') : t('open.closedNow')}
      {when && ` · ${change.open ? t('open.closesAt', { when }) : t('open.opensAt', { when })}`}
    </span>
  )
}
