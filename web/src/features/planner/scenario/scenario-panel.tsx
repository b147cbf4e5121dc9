import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { categoryName } from '../../../components/category-name.ts'
import { formatCount, formatShare } from '../../../components/format-number.ts'
import type { CoverageSettings, FacilityFeature } from '../../../core/coverage/types.ts'
import type { CategoryRow, FacilityRow } from '../../../data/row-schemas.ts'
import { useSession } from '../../../data/use-session.ts'
import { useMapStore } from '../../../state/map-store.ts'
import { editsOfBody, scenarioBody, useSaveScenario, useScenarios } from '../api/scenarios.ts'
import { usePlannerStore } from '../planner-store.ts'
import type { ScenarioDiff } from '../table/community-rows.ts'
import { scenarioState } from './scenario-edits.ts'
import type { ScenarioFigures } from './use-scenario.ts'

export interface ScenarioPanelProps {
  categories: readonly CategoryRow[]
  facilities: readonly FacilityRow[] | undefined
  category: string
  scenario: ScenarioFigures
  diff: ScenarioDiff | null
  settings: CoverageSettings | null
  onExportDiff(): void
}

/**
 * The what-if scenario: place proposed sites on the map (drag to move), close existing ones in
 * the scenario only, see the change against the baseline, save / load / rename / share it.
 */
export function ScenarioPanel({
  categories,
  facilities,
  category,
  scenario,
  diff,
  settings,
  onExportDiff,
}: ScenarioPanelProps) {
  const { t, i18n } = useTranslation()
  const lang = i18n.language
  const { edits, placing, scenarioName, scenarioId } = usePlannerStore()
  const store = usePlannerStore.getState()
  const selection = useMapStore((s) => s.selection)
  const { proposed, closed } = scenarioState(edits)
  const [placeCategory, setPlaceCategory] = useState(category)
  const selectedFacility =
    selection?.kind === 'facility' ? facilities?.find((f) => f.id === selection.id) : undefined
  const nameOf = (code: string) => {
    const c = categories.find((x) => x.code === code)
    return c ? categoryName(c, lang) : code
  }
  const reopen = (id: string) => {
    const row = facilities?.find((f) => f.id === id)
    if (!row) return
    const feature: FacilityFeature = {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [row.lon, row.lat] },
      properties: {
        id: row.id,
        category: row.category,
        status: row.status,
        capacity: row.capacity ?? null,
        name: row.name,
      },
    }
    store.addFacility(feature)
  }

  return (
    <section
      className="planner-scenario"
      data-testid="planner-scenario"
      aria-labelledby="scenario-title"
    >
      <h2 id="scenario-title">{t('planner.scenario.title')}</h2>
      <div className="planner-row">
        <label>
          <span className="visually-hidden">{t('planner.scenario.category')}</span>
          <select
            value={placeCategory}
            data-testid="scenario-category"
            onChange={(e) => setPlaceCategory(e.target.value)}
          >
            {categories.map((c) => (
              <option key={c.code} value={c.code}>
                {categoryName(c, lang)}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          aria-pressed={placing !== null}
          data-testid="scenario-place"
          onClick={() => store.setPlacing(placing ? null : placeCategory)}
        >
          {placing ? t('planner.scenario.placingCancel') : t('planner.scenario.place')}
        </button>
      </div>
      {placing && (
        <p className="planner-hint" role="status">
          {t('planner.scenario.placingHint', { category: nameOf(placing) })}
        </p>
      )}
      {selectedFacility && !closed.includes(selectedFacility.id) && (
        <button
          type="button"
          data-testid="scenario-close-facility"
          onClick={() => store.removeFacility(selectedFacility.id)}
        >
          {t('planner.scenario.close', { name: selectedFacility.name })}
        </button>
      )}
      {(proposed.length > 0 || closed.length > 0) && (
        <ul className="planner-edits" data-testid="scenario-edits">
          {proposed.map((f) => (
            <li key={String(f.properties.id)} data-edit="proposed">
              <span>
                ＋ {nameOf(f.properties.category)} ·{' '}
                {f.geometry.coordinates.map((v) => v.toFixed(5)).join(', ')}
              </span>
              <button
                type="button"
                className="link"
                onClick={() => store.removeFacility(String(f.properties.id))}
              >
                {t('planner.scenario.remove')}
              </button>
            </li>
          ))}
          {closed.map((id) => (
            <li key={id} data-edit="closed">
              <span>− {facilities?.find((f) => f.id === id)?.name ?? id}</span>
              <button type="button" className="link" onClick={() => reopen(id)}>
                {t('planner.scenario.reopen')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {edits.length === 0 && <p className="muted small">{t('planner.scenario.empty')}</p>}
      <p className="coverage-status" aria-live="polite" data-testid="scenario-status">
        {scenario.pending
          ? t('coverage.computing')
          : scenario.elapsedMs !== null && edits.length > 0
            ? t('planner.scenario.updatedIn', { ms: formatCount(scenario.elapsedMs, lang) })
            : ''}
      </p>
      {scenario.error && (
        <p role="alert">{t('coverage.error', { message: scenario.error.message })}</p>
      )}
      {diff && diff.communities.length > 0 && (
        <details className="planner-diff" data-testid="scenario-diff">
          <summary>
            {t('planner.scenario.changed', {
              n: diff.communities.length,
              category: nameOf(diff.category),
            })}
          </summary>
          <ul>
            {diff.communities.map((c) => (
              <li key={c.id}>
                {c.name}: {formatShare(c.before, lang)} → {formatShare(c.after, lang)} (
                {t('planner.pp', { value: formatCount(c.deltaPp, lang, 1) })},{' '}
                {t('planner.people', { n: formatCount(c.newlyCovered, lang) })})
              </li>
            ))}
          </ul>
        </details>
      )}
      <div className="button-row">
        {edits.length > 0 && (
          <button
            type="button"
            onClick={() => store.loadScenario(null, '', [])}
            data-testid="scenario-clear"
          >
            {t('planner.scenario.clear')}
          </button>
        )}
        {diff && (
          <button type="button" onClick={onExportDiff} data-testid="scenario-export">
            {t('planner.scenario.export')}
          </button>
        )}
      </div>
      <SavedScenarios
        name={scenarioName}
        id={scenarioId}
        canSave={edits.length > 0}
        body={() => scenarioBody(edits, settings)}
      />
    </section>
  )
}

function SavedScenarios({
  name,
  id,
  canSave,
  body,
}: {
  name: string
  id: string | null
  canSave: boolean
  body: () => Record<string, unknown>
}) {
  const { t } = useTranslation()
  const session = useSession()
  const role = session.data?.role
  const allowed = role === 'planner' || role === 'admin'
  const list = useScenarios(allowed)
  const save = useSaveScenario()
  const [shared, setShared] = useState(false)
  const store = usePlannerStore.getState()
  if (!allowed) return <p className="muted small">{t('planner.scenario.signIn')}</p>
  return (
    <div className="planner-saved" data-testid="scenario-saved">
      <label>
        {t('planner.scenario.name')}
        <input
          value={name}
          maxLength={120}
          onChange={(e) => store.setScenarioName(e.target.value)}
        />
      </label>
      <label className="inline">
        <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} />
        {t('planner.scenario.shared')}
      </label>
      <div className="button-row">
        <button
          type="button"
          disabled={!canSave || !name.trim() || save.isPending}
          onClick={() =>
            save.mutate(
              { name, body: body(), id, shared },
              {
                onSuccess: (row) =>
                  row && store.loadScenario(row.id, row.name, usePlannerStore.getState().edits),
              },
            )
          }
        >
          {id ? t('planner.scenario.update') : t('planner.scenario.save')}
        </button>
      </div>
      {save.error && <p role="alert">{save.error.message}</p>}
      {list.data && list.data.length > 0 && (
        <ul className="planner-saved-list">
          {list.data.map((s) => (
            <li key={s.id}>
              <button
                type="button"
                className="link"
                onClick={() => {
                  setShared(s.shared)
                  store.loadScenario(s.id, s.name, editsOfBody(s.body))
                }}
              >
                {s.name}
              </button>
              {s.shared && <small> · {t('planner.scenario.sharedTag')}</small>}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
