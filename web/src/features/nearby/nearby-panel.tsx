import './nearby.css'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Pace } from '../../core/catalog/paces.ts'
import { PACE_KMH } from '../../core/catalog/paces.ts'
import type { CommunityLocator, LocatableCommunity } from '../../core/nearby/community-locator.ts'
import { nearHome } from '../../core/nearby/near-home.ts'
import { nearestByCategory, type NearbyIndex } from '../../core/nearby/nearest-list.ts'
import type { Minutes } from '../../core/geo/units.ts'
import { categoryName } from '../../components/category-name.ts'
import type { CategoryRow, FacilityRow } from '../../data/row-schemas.ts'

export interface NearbyPanelProps {
  categories: readonly CategoryRow[]
  index: NearbyIndex<FacilityRow>
  locator: CommunityLocator<LocatableCommunity> | null
  point: [number, number] | null
  /** null: each category's own pace (elderly for canteens). */
  pace: Pace | null
  picking: boolean
  /** Only facilities open at this moment are listed (the "open now" filter). */
  openNowFilter: ((f: FacilityRow) => boolean) | null
  minutes?: number
  onLocate: () => void
  locating: boolean
  locateError: string | null
  onTogglePicking: () => void
  onClearPoint: () => void
  onPaceChange: (pace: Pace | null) => void
  onSelectFacility: (id: string) => void
}

const LIST_N = 3

/**
 * "Near me" and "what is near this home": a point (the device's position, a tap on the map or
 * a search result), each category's nearest open facilities by walking distance and time, and
 * whether the point is within reach or in its community's coverage gap.
 */
export function NearbyPanel(props: NearbyPanelProps) {
  const { t, i18n } = useTranslation()
  const { categories, index, locator, point, pace, openNowFilter } = props
  const minutes = (props.minutes ?? 15) as Minutes
  const number = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 0 })
  const speed = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 })
  const [expanded, setExpanded] = useState<string | null>(null)
  const codes = useMemo(() => categories.map((c) => c.code), [categories])
  const targetGroups = useMemo(
    () =>
      Object.fromEntries(
        categories.map((c) => [c.code, (c.target_group ?? 'all') as 'all' | 'elderly' | 'infants']),
      ),
    [categories],
  )
  const home = useMemo(
    () =>
      point
        ? nearHome(index, locator, point, {
            minutes,
            ...(pace ? { pace } : {}),
            targetGroups,
            categories: codes,
          })
        : null,
    [index, locator, point, pace, minutes, targetGroups, codes],
  )
  const lists = useMemo(
    () =>
      point
        ? nearestByCategory(index, point, {
            n: expanded ? 10 : LIST_N,
            ...(pace ? { pace } : {}),
            targetGroups,
            categories: codes,
            ...(openNowFilter ? { filter: openNowFilter } : {}),
          })
        : null,
    [index, point, pace, targetGroups, codes, openNowFilter, expanded],
  )

  return (
    <section className="nearby" aria-labelledby="nearby-title" data-testid="nearby-panel">
      <h2 id="nearby-title">{t('nearby.title')}</h2>
      <div className="nearby-actions">
        <button
          type="button"
          className="primary"
          onClick={props.onLocate}
          disabled={props.locating}
          data-testid="near-me"
        >
          {props.locating ? t('nearby.locating') : t('nearby.nearMe')}
        </button>
        <button
          type="button"
          aria-pressed={props.picking}
          onClick={props.onTogglePicking}
          data-testid="pick-on-map"
        >
          {props.picking ? t('nearby.pickingNow') : t('nearby.pickOnMap')}
        </button>
        {point && (
          <button type="button" className="link-button" onClick={props.onClearPoint}>
            {t('nearby.clear')}
          </button>
        )}
      </div>
      {props.locateError && (
        <p role="alert" className="form-error">
          {props.locateError}
        </p>
      )}
      <fieldset className="segmented-field">
        <legend>{t('nearby.pace')}</legend>
        <div className="segmented" role="group">
          {([null, 'ordinary', 'elderly'] as const).map((p) => (
            <button
              key={p ?? 'auto'}
              type="button"
              aria-pressed={pace === p}
              data-pace={p ?? 'auto'}
              onClick={() => props.onPaceChange(p)}
            >
              {p
                ? t(`nearby.pace_${p}`, { kmh: speed.format(PACE_KMH[p]) })
                : t('nearby.pace_auto')}
            </button>
          ))}
        </div>
      </fieldset>
      <p className="muted small">{t('nearby.straightNote')}</p>

      {!point && <p className="hint">{t('nearby.hint')}</p>}

      {home && (
        <div className="near-home" data-testid="near-home">
          <h3>
            {home.categories[codes[0] ?? '']?.community
              ? t('nearby.homeIn', { community: home.categories[codes[0] ?? '']!.community!.name })
              : t('nearby.homeOutside')}
          </h3>
          <ul>
            {categories.map((c) => {
              const line = home.categories[c.code]
              if (!line) return null
              return (
                <li
                  key={c.code}
                  data-category={c.code}
                  data-within={line.within_reach}
                  data-nearest-id={line.nearest?.id ?? ''}
                  data-in-gap={String(line.in_gap)}
                >
                  <span className="swatch" style={{ background: c.color }} aria-hidden="true" />
                  <span className="near-home-name">{categoryName(c, i18n.language)}</span>
                  <strong className={line.within_reach ? 'ok' : 'bad'}>
                    {line.within_reach ? '✓ ' : '✗ '}
                    {line.within_reach
                      ? t('nearby.within', { minutes })
                      : t('nearby.notWithin', { minutes })}
                  </strong>
                  {line.nearest ? (
                    <button
                      type="button"
                      className="link-button near-home-nearest"
                      onClick={() => props.onSelectFacility(line.nearest!.id)}
                    >
                      {t('nearby.nearestLine', {
                        name: line.nearest.name ?? '',
                        meters: number.format(line.nearest.distance_m),
                        minutes: line.nearest.minutes,
                      })}
                    </button>
                  ) : (
                    <span className="muted">{t('nearby.noneOpen')}</span>
                  )}
                  {line.in_gap && <span className="gap-note">{t('nearby.inGap')}</span>}
                </li>
              )
            })}
          </ul>
        </div>
      )}

      {lists && (
        <div className="nearest-lists">
          {categories.map((c) => {
            const list = lists[c.code]
            if (!list) return null
            return (
              <section key={c.code} className="nearest-list" data-category={c.code}>
                <h3>
                  <span className="swatch" style={{ background: c.color }} aria-hidden="true" />
                  {t('nearby.nearestOf', { category: categoryName(c, i18n.language) })}
                  <small className="muted">
                    {' '}
                    · {t(`nearby.pace_${list.pace}`, { kmh: speed.format(PACE_KMH[list.pace]) })}
                  </small>
                </h3>
                {list.items.length === 0 ? (
                  <p className="muted">
                    {openNowFilter ? t('nearby.noneOpenNow') : t('nearby.noneOpen')}
                  </p>
                ) : (
                  <ol data-testid={`nearest-${c.code}`}>
                    {list.items.map((item) => (
                      <li
                        key={item.facility.id}
                        data-facility-id={item.facility.id}
                        data-distance={item.distance_m}
                      >
                        <button
                          type="button"
                          className="link-button"
                          onClick={() => props.onSelectFacility(item.facility.id)}
                        >
                          {item.facility.name}
                        </button>
                        <span className="distance">
                          {t('nearby.distance', {
                            meters: number.format(item.distance_m),
                            minutes: item.minutes,
                          })}
                        </span>
                      </li>
                    ))}
                  </ol>
                )}
                {list.items.length >= LIST_N && (
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => setExpanded(expanded === c.code ? null : c.code)}
                  >
                    {expanded === c.code ? t('nearby.showLess') : t('nearby.showMore')}
                  </button>
                )}
              </section>
            )
          })}
        </div>
      )}
    </section>
  )
}
