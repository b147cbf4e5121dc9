import { useTranslation } from 'react-i18next'
import { categoryName } from '../../../components/category-name.ts'
import { formatCount } from '../../../components/format-number.ts'
import { defaultPaceFor } from '../../../core/catalog/paces.ts'
import { REACH_M_RANGE } from '../../../core/catalog/reach-presets.ts'
import type { CategoryRow } from '../../../data/row-schemas.ts'
import { useCoverageStore, type ReachOverride } from '../../../state/coverage-store.ts'
import { categoryReachM, targetGroupOf } from './coverage-input.ts'

type Choice = 'shared' | 'ordinary' | 'elderly' | 'metres'

const choiceOf = (o: ReachOverride | undefined): Choice =>
  !o ? 'shared' : o.kind === 'metres' ? 'metres' : o.pace

/**
 * Each category's reach: the shared minutes × speed, the shared minutes at a cohort's own pace
 * (ordinary 4.5 km/h, elderly 3.0 km/h), or a straight-line distance in metres.
 */
export function CategoryReach({ categories }: { categories: readonly CategoryRow[] }) {
  const { t, i18n } = useTranslation()
  const lang = i18n.language
  const { minutes, speedKmh, reachOverrides } = useCoverageStore()
  const { setReachOverride } = useCoverageStore.getState()
  const set = (code: string, choice: Choice, metres?: number) =>
    setReachOverride(
      code,
      choice === 'shared'
        ? null
        : choice === 'metres'
          ? { kind: 'metres', metres: metres ?? 1000 }
          : { kind: 'pace', pace: choice },
    )
  return (
    <fieldset className="planner-category-reach" data-testid="category-reach">
      <legend>{t('planner.reach.title')}</legend>
      <button
        type="button"
        data-testid="reach-cohort-paces"
        onClick={() => {
          for (const c of categories) set(c.code, defaultPaceFor(targetGroupOf(c.target_group)))
        }}
      >
        {t('planner.reach.cohortPaces')}
      </button>
      <ul>
        {categories.map((c) => {
          const o = reachOverrides[c.code]
          const choice = choiceOf(o)
          const reach = categoryReachM(minutes, speedKmh, o)
          return (
            <li key={c.code} data-category={c.code}>
              <label>
                <span>{categoryName(c, lang)}</span>
                <select
                  value={choice}
                  data-testid={`reach-choice-${c.code}`}
                  onChange={(e) => set(c.code, e.target.value as Choice, reach)}
                >
                  <option value="shared">{t('planner.reach.shared')}</option>
                  <option value="ordinary">{t('planner.reach.ordinary')}</option>
                  <option value="elderly">{t('planner.reach.elderly')}</option>
                  <option value="metres">{t('planner.reach.metres')}</option>
                </select>
              </label>
              {choice === 'metres' ? (
                <label>
                  <span className="visually-hidden">{t('planner.reach.metresLabel')}</span>
                  <input
                    type="number"
                    min={REACH_M_RANGE.min}
                    max={REACH_M_RANGE.max}
                    step={50}
                    value={o?.kind === 'metres' ? o.metres : 1000}
                    data-testid={`reach-metres-${c.code}`}
                    onChange={(e) => {
                      const n = Number(e.target.value)
                      if (n >= REACH_M_RANGE.min && n <= REACH_M_RANGE.max) set(c.code, 'metres', n)
                    }}
                  />{' '}
                  {t('planner.reach.m')}
                </label>
              ) : (
                <span className="muted small">
                  {t('coverage.reachValue', { metres: formatCount(reach, lang) })}
                </span>
              )}
            </li>
          )
        })}
      </ul>
    </fieldset>
  )
}
