import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { categoryName } from '../../../components/category-name.ts'
import { formatCount } from '../../../components/format-number.ts'
import type { CoverageSettings } from '../../../core/coverage/types.ts'
import type { Meters } from '../../../core/geo/units.ts'
import { suggestedFacilities } from '../../../core/siting/suggest-sites.ts'
import type { CategoryRow, CommunityRow } from '../../../data/row-schemas.ts'
import { useMapStore } from '../../../state/map-store.ts'
import { coverageClient } from '../../../workers/coverage-client.ts'
import { isAbortError } from '../../../workers/latest-wins.ts'
import { usePlannerStore } from '../planner-store.ts'

export interface SuggestPanelProps {
  categories: readonly CategoryRow[]
  communities: readonly CommunityRow[] | undefined
  category: string
  settings: CoverageSettings | null
  onExport(): void
}

/**
 * "Suggest k sites for category X" in the worker: greedy maximal covering (lazy evaluation) of
 * the target group not yet in reach, after the scenario's edits, optionally within the selected
 * community and with a minimum spacing; each site with its marginal gain; one click makes them
 * a scenario.
 */
export function SuggestPanel({
  categories,
  communities,
  category,
  settings,
  onExport,
}: SuggestPanelProps) {
  const { t, i18n } = useTranslation()
  const lang = i18n.language
  const [code, setCode] = useState(category)
  const [k, setK] = useState(3)
  const [spacing, setSpacing] = useState(300)
  const [within, setWithin] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const suggestions = usePlannerStore((s) => s.suggestions)
  const selection = useMapStore((s) => s.selection)
  const communityId = selection?.kind === 'community' ? selection.id : null
  const communityName = communities?.find((c) => c.id === communityId)?.name
  const reach = settings?.categories.find((c) => c.code === code)?.reach_m

  const run = async () => {
    if (reach === undefined) return
    setBusy(true)
    setError(null)
    try {
      const { edits, setSuggestions } = usePlannerStore.getState()
      const result = await coverageClient().suggestKept(
        {
          category: code,
          reachM: reach as Meters,
          k,
          minSpacingM: spacing,
          gains: 'engine',
          ...(within && communityId ? { communityIds: [communityId] } : {}),
        },
        edits,
      )
      setSuggestions(result)
    } catch (e) {
      if (!isAbortError(e)) setError(e instanceof Error ? e.message : String(e))
    } finally {
      setBusy(false)
    }
  }

  const toScenario = () => {
    if (!suggestions) return
    const { addFacility, setSuggestions } = usePlannerStore.getState()
    const stampId = Date.now().toString(36)
    for (const f of suggestedFacilities(suggestions, 'open'))
      addFacility({ ...f, properties: { ...f.properties, id: `${f.properties.id}-${stampId}` } })
    setSuggestions(null)
  }

  return (
    <section
      className="planner-suggest"
      data-testid="planner-suggest"
      aria-labelledby="suggest-title"
    >
      <h2 id="suggest-title">{t('planner.suggest.title')}</h2>
      <div className="planner-form-grid">
        <label>
          {t('planner.suggest.category')}
          <select
            value={code}
            data-testid="suggest-category"
            onChange={(e) => setCode(e.target.value)}
          >
            {categories.map((c) => (
              <option key={c.code} value={c.code}>
                {categoryName(c, lang)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('planner.suggest.k')}
          <input
            type="number"
            min={1}
            max={20}
            value={k}
            data-testid="suggest-k"
            onChange={(e) =>
              setK(Math.max(1, Math.min(20, Math.round(Number(e.target.value) || 1))))
            }
          />
        </label>
        <label>
          {t('planner.suggest.spacing')}
          <input
            type="number"
            min={0}
            max={5000}
            step={50}
            value={spacing}
            onChange={(e) => setSpacing(Math.max(0, Number(e.target.value) || 0))}
          />
        </label>
        <label className="inline">
          <input
            type="checkbox"
            checked={within && communityId !== null}
            disabled={!communityId}
            onChange={(e) => setWithin(e.target.checked)}
          />
          {communityName
            ? t('planner.suggest.within', { name: communityName })
            : t('planner.suggest.withinNone')}
        </label>
      </div>
      <button
        type="button"
        onClick={() => void run()}
        disabled={busy || reach === undefined}
        data-testid="suggest-run"
      >
        {busy ? t('planner.suggest.running') : t('planner.suggest.run')}
      </button>
      {error && <p role="alert">{error}</p>}
      {suggestions && (
        <>
          <ol className="planner-sites" data-testid="suggest-sites">
            {suggestions.sites.map((s) => (
              <li key={s.rank} data-gain={s.gain_people}>
                {t('planner.suggest.site', {
                  name: s.community_name,
                  people: formatCount(s.gain_people, lang),
                  pp: formatCount(s.gain_pp, lang, 2),
                })}
              </li>
            ))}
          </ol>
          {suggestions.sites.length === 0 && <p className="muted">{t('planner.suggest.none')}</p>}
          <div className="button-row">
            <button
              type="button"
              onClick={toScenario}
              data-testid="suggest-to-scenario"
              disabled={suggestions.sites.length === 0}
            >
              {t('planner.suggest.toScenario')}
            </button>
            <button type="button" onClick={onExport}>
              {t('planner.suggest.export')}
            </button>
          </div>
        </>
      )}
    </section>
  )
}
