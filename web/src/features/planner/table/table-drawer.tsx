import { useTranslation } from 'react-i18next'
import type { CategoryRow } from '../../../data/row-schemas.ts'
import { useMapStore } from '../../../state/map-store.ts'
import { useCoverageStore } from '../../../state/coverage-store.ts'
import { usePlannerStore } from '../planner-store.ts'
import type { Planner } from '../use-planner.ts'
import { CommunityTable } from './community-table.tsx'

/**
 * The communities table in a drawer over the bottom of the map: closed to a bar, open to a
 * third of the map, or wide (the whole map area) for reading every column; the side panel stays
 * for the controls.
 */
export function TableDrawer({
  categories,
  planner,
}: {
  categories: readonly CategoryRow[]
  planner: Planner
}) {
  const { t } = useTranslation()
  const open = usePlannerStore((s) => s.tableOpen)
  const wide = usePlannerStore((s) => s.tableWide)
  const { setTable } = usePlannerStore.getState()
  const selection = useMapStore((s) => s.selection)
  const category = useCoverageStore((s) => s.category)
  const selectedId = selection?.kind === 'community' ? selection.id : null
  const state = !open ? 'closed' : wide ? 'wide' : 'open'
  return (
    <section
      className="planner-drawer"
      data-state={state}
      data-testid="planner-drawer"
      aria-label={t('planner.table.title')}
    >
      <div className="planner-drawer-bar">
        <button
          type="button"
          aria-expanded={open}
          data-testid="table-toggle"
          onClick={() => setTable(!open)}
        >
          {open ? '▾ ' : '▴ '}
          {t('planner.table.title')} ({planner.rows.length})
        </button>
        {open && (
          <button
            type="button"
            aria-pressed={wide}
            data-testid="table-wide"
            onClick={() => setTable(true, !wide)}
          >
            {wide ? t('planner.table.showMap') : t('planner.table.wide')}
          </button>
        )}
      </div>
      {open && (
        <CommunityTable
          rows={planner.rows}
          categories={categories}
          category={category}
          selectedId={selectedId}
          diff={planner.diff}
          onSelect={(id) => useMapStore.getState().select({ kind: 'community', id })}
        />
      )}
    </section>
  )
}
