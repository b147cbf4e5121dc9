import { useTranslation } from 'react-i18next'
import { CategoryIcon } from '../../components/category-icon.tsx'
import { categoryName } from '../../components/category-name.ts'
import type { CategoryRow } from '../../data/row-schemas.ts'

export interface FilterChipsProps {
  categories: readonly CategoryRow[]
  hidden: readonly string[]
  openNow: boolean
  onToggleCategory: (code: string) => void
  onToggleOpenNow: () => void
}

/** One chip per category and "open now": pressed chips are shown (state in words too, not colour alone). */
export function FilterChips(props: FilterChipsProps) {
  const { t, i18n } = useTranslation()
  return (
    <div className="chips" role="group" aria-label={t('chips.label')}>
      {props.categories.map((c) => {
        const shown = !props.hidden.includes(c.code)
        return (
          <button
            key={c.code}
            type="button"
            className="chip"
            aria-pressed={shown}
            data-chip={c.code}
            style={{ '--chip-color': c.color } as React.CSSProperties}
            onClick={() => props.onToggleCategory(c.code)}
          >
            <CategoryIcon code={c.icon ?? c.code} color={shown ? '#fff' : c.color} />
            {categoryName(c, i18n.language)}
          </button>
        )
      })}
      <button
        type="button"
        className="chip chip-open"
        aria-pressed={props.openNow}
        data-chip="open-now"
        onClick={props.onToggleOpenNow}
      >
        {props.openNow ? '● ' : '○ '}
        {t('chips.openNow')}
      </button>
    </div>
  )
}
