import { useTranslation } from 'react-i18next'
import type { CategoryRow } from '../../../data/row-schemas.ts'
import {
  COMPLETE,
  maxMinutes,
  minMinutes,
  presetMinutes,
  speedChoicesKmh,
  useCoverageStore,
  type CoverageMetric,
} from '../../../state/coverage-store.ts'
import { categoryName } from '../../../components/category-name.ts'
import { reachMeters, targetGroupOf } from './coverage-input.ts'
import { legendClasses, noDataColor, shareClass } from './coverage-layers.ts'
import { formatCount, formatShare } from '../../../components/format-number.ts'
import type { CoverageState } from './use-coverage.ts'
import './coverage.css'

export interface CoverageControlsProps {
  categories: readonly CategoryRow[]
  coverage: CoverageState
  /** The share a community must reach for the shown category, marked on the legend. */
  target?: number | undefined
}

/** The side panel's coverage block: city figures vs. targets, what to map, reach, legend. */
export function CoverageControls({ categories, coverage, target }: CoverageControlsProps) {
  const { t, i18n } = useTranslation()
  const lang = i18n.language
  const { category, metric, minutes, speedKmh } = useCoverageStore()
  const { setCategory, setMetric, setMinutes, setSpeedKmh } = useCoverageStore.getState()
  const { result, pending, elapsedMs, error } = coverage
  const reach = reachMeters(minutes, speedKmh)
  const complete = category === COMPLETE
  const shownMetric: CoverageMetric = complete ? 'population' : metric
  const targetClass =
    target === undefined || shownMetric !== 'population' ? null : shareClass(target)

  return (
    <section className="coverage-controls" aria-labelledby="coverage-title">
      <h2 id="coverage-title">{t('coverage.title')}</h2>

      {result && (
        <div className="coverage-city" data-testid="coverage-city">
          <h3>{t('coverage.city')}</h3>
          <table className="coverage-table">
            <thead>
              <tr>
                <th scope="col">{t('coverage.category')}</th>
                <th scope="col">{t('coverage.areaShort')}</th>
                <th scope="col">{t('coverage.populationShort')}</th>
              </tr>
            </thead>
            <tbody>
              {categories.map((c) => {
                const figures = result.city.categories[c.code]
                return (
                  <tr key={c.code} data-category={c.code}>
                    <th scope="row">
                      <span className="swatch" style={{ background: c.color }} aria-hidden />
                      {categoryName(c, lang)}
                      <small> · {t(`coverage.group.${targetGroupOf(c.target_group)}`)}</small>
                    </th>
                    <td>{formatShare(figures?.area_share, lang)}</td>
                    <td>{formatShare(figures?.population_share, lang)}</td>
                  </tr>
                )
              })}
              <tr data-category={COMPLETE}>
                <th scope="row">{t('coverage.complete')}</th>
                <td>–</td>
                <td>{formatShare(result.city.complete_share, lang)}</td>
              </tr>
            </tbody>
          </table>
        </div>
      )}

      <div className="coverage-form">
        <label>
          {t('coverage.mapShows')}
          <select
            data-testid="coverage-category"
            value={category}
            onChange={(e) => setCategory(e.target.value)}
          >
            {categories.map((c) => (
              <option key={c.code} value={c.code}>
                {categoryName(c, lang)}
              </option>
            ))}
            <option value={COMPLETE}>{t('coverage.complete')}</option>
          </select>
        </label>

        <fieldset className="coverage-metric">
          <legend>{t('coverage.metric')}</legend>
          {(['area', 'population'] as const).map((m) => (
            <label key={m}>
              <input
                type="radio"
                name="coverage-metric"
                value={m}
                data-testid={`coverage-metric-${m}`}
                checked={shownMetric === m}
                disabled={complete && m === 'area'}
                onChange={() => setMetric(m)}
              />
              {t(`coverage.metric_${m}`)}
            </label>
          ))}
          {complete && <small className="muted">{t('coverage.completePeopleOnly')}</small>}
        </fieldset>

        <fieldset className="coverage-reach">
          <legend>{t('coverage.reach')}</legend>
          <div className="coverage-presets" role="group" aria-label={t('coverage.presets')}>
            {presetMinutes.map((m) => (
              <button
                key={m}
                type="button"
                aria-pressed={minutes === m}
                data-testid={`coverage-preset-${m}`}
                onClick={() => setMinutes(m)}
              >
                {t('coverage.minutesValue', { value: m })}
              </button>
            ))}
          </div>
          <label className="coverage-slider">
            <span className="visually-hidden">{t('coverage.minutes')}</span>
            <input
              type="range"
              min={minMinutes}
              max={maxMinutes}
              step={1}
              value={minutes}
              data-testid="coverage-minutes"
              aria-valuetext={t('coverage.minutesValue', { value: minutes })}
              onChange={(e) => setMinutes(Number(e.target.value))}
            />
            <output>{t('coverage.minutesValue', { value: minutes })}</output>
          </label>
          <label>
            {t('coverage.speed')}
            <select
              data-testid="coverage-speed"
              value={speedKmh}
              onChange={(e) => setSpeedKmh(Number(e.target.value))}
            >
              {speedChoicesKmh.map((s) => (
                <option key={s} value={s}>
                  {t('coverage.speedValue', { value: formatCount(s, lang, 1) })}
                </option>
              ))}
            </select>
          </label>
          <p className="muted small" data-testid="coverage-reach-m">
            {t('coverage.reachValue', { metres: formatCount(reach, lang) })}
          </p>
        </fieldset>
      </div>

      <p className="coverage-status" aria-live="polite" data-testid="coverage-status">
        {pending ? (
          <span data-state="pending">{t('coverage.computing')}</span>
        ) : elapsedMs !== null ? (
          <span data-state="done">
            {t('coverage.computedIn', { ms: formatCount(elapsedMs, lang) })}
          </span>
        ) : null}
      </p>
      {error && (
        <p role="alert" className="map-error-inline">
          {t('coverage.error', { message: error.message })}
        </p>
      )}

      <div className="coverage-legend" data-testid="coverage-legend">
        <p className="small">
          {complete
            ? t('coverage.legendComplete')
            : t(`coverage.legend_${shownMetric}`, {
                category: categoryName(
                  categories.find((c) => c.code === category) ?? {
                    name_zh: category,
                    name_en: category,
                  },
                  lang,
                ),
              })}
        </p>
        <ul>
          {legendClasses(lang).map(({ color, from, to }, k) => (
            <li key={color} className={k === targetClass ? 'legend-target-class' : undefined}>
              <span className="swatch" style={{ background: color }} aria-hidden />
              {to ? `${from} – ${to}` : t('coverage.atLeast', { value: from })}
              {k === targetClass && (
                <strong data-testid="legend-target">
                  {' '}
                  ◀ {t('planner.legendTarget', { target: formatShare(target, lang) })}
                </strong>
              )}
            </li>
          ))}
          <li>
            <span className="swatch hatched" style={{ background: noDataColor }} aria-hidden />
            {t('coverage.noData')}
          </li>
        </ul>
      </div>

      <p className="muted small">
        {coverage.populationBlocks > 0
          ? t('coverage.placementBlocks', { n: coverage.populationBlocks })
          : t('coverage.placementEven')}{' '}
        {t('coverage.method')}
      </p>
    </section>
  )
}
