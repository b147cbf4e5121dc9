import { useTranslation } from 'react-i18next'
import type { CategoryRow } from '../data/row-schemas.ts'
import { useMapStore } from '../state/map-store.ts'
import { categoryName } from './category-name.ts'

export interface CategoryLegendProps {
  categories: readonly CategoryRow[]
  /** Facilities per category code; undefined while they load. */
  counts: ReadonlyMap<string, number> | undefined
}

/** The legend doubles as the category switch: one checkbox per category, with swatch and count. */
export function CategoryLegend({ categories, counts }: CategoryLegendProps) {
  const { t, i18n } = useTranslation()
  const hidden = useMapStore((s) => s.hiddenCategories)
  const setCategoryVisible = useMapStore((s) => s.setCategoryVisible)
  const showAllCategories = useMapStore((s) => s.showAllCategories)

  return (
    <fieldset className="legend">
      <legend>{t('legend.title')}</legend>
      <ul>
        {categories.map((category) => {
          const id = `category-${category.code}`
          return (
            <li key={category.code}>
              <input
                id={id}
                type="checkbox"
                data-category={category.code}
                checked={!hidden.includes(category.code)}
                onChange={(e) => setCategoryVisible(category.code, e.currentTarget.checked)}
              />
              <label htmlFor={id}>
                <span
                  className="swatch"
                  style={{ background: category.color }}
                  aria-hidden="true"
                />
                <span className="legend-name">{categoryName(category, i18n.language)}</span>
                <span className="legend-count" data-testid={`count-${category.code}`}>
                  {counts ? t('legend.count', { count: counts.get(category.code) ?? 0 }) : '…'}
                </span>
              </label>
            </li>
          )
        })}
      </ul>
      {hidden.length > 0 && (
        <button type="button" className="link-button" onClick={showAllCategories}>
          {t('legend.showAll')}
        </button>
      )}
      <p className="legend-note">
        <span className="swatch swatch-open" aria-hidden="true" />
        <span className="swatch swatch-hollow" aria-hidden="true" /> {t('legend.statusNote')}
      </p>
      {!counts && <p className="muted">{t('legend.loading')}</p>}
    </fieldset>
  )
}
