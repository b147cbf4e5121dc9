import type { CategoryRow } from '../../data/row-schemas.ts'
import { CoverageControls } from './coverage/coverage-controls.tsx'
import type { CoverageState } from './coverage/use-coverage.ts'

export interface PlannerPanelProps {
  categories: readonly CategoryRow[]
  coverage: CoverageState
}

/** The planner's side panel: district figures against targets, what the map shows, reach. */
export function PlannerPanel({ categories, coverage }: PlannerPanelProps) {
  return <CoverageControls categories={categories} coverage={coverage} />
}
