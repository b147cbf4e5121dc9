import { create } from 'zustand'
import type { CoverageChange } from '../../core/coverage/coverage-model.ts'
import type { FacilityFeature } from '../../core/coverage/types.ts'
import type { SuggestSitesResult } from '../../core/siting/suggest-sites.ts'
import {
  loadTargetEdits,
  saveTargetEdits,
  type TargetEdit,
  type TargetEdits,
} from './targets/targets.ts'

const storage = (): Storage | undefined => {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage
  } catch {
    return undefined
  }
}

/** The planner's workspace state that no link carries: target edits, the scenario being built. */
export interface PlannerState {
  targetEdits: TargetEdits
  /** The what-if scenario's edits, an append-only log (the worker applies new ones only). */
  edits: CoverageChange[]
  /** A saved scenario this one was loaded from / saved as. */
  scenarioId: string | null
  scenarioName: string
  /** The next map click places a proposed facility of this category. */
  placing: string | null
  /** The table takes the map's width. */
  tableWide: boolean
  tableOpen: boolean
  suggestions: SuggestSitesResult | null
  setTarget(id: string, edit: TargetEdit | null): void
  addFacility(facility: FacilityFeature): void
  moveFacility(id: string, to: [number, number]): void
  removeFacility(id: string): void
  loadScenario(id: string | null, name: string, edits: CoverageChange[]): void
  setScenarioName(name: string): void
  setPlacing(category: string | null): void
  setTable(open: boolean, wide?: boolean): void
  setSuggestions(s: SuggestSitesResult | null): void
}

const initial = {
  edits: [] as CoverageChange[],
  scenarioId: null as string | null,
  scenarioName: '',
  placing: null as string | null,
  tableWide: false,
  // Open beside the map on a wide screen; on a phone the map comes first.
  tableOpen:
    typeof window === 'undefined' || window.matchMedia?.('(min-width: 721px)').matches !== false,
  suggestions: null as SuggestSitesResult | null,
}

export const usePlannerStore = create<PlannerState>()((set, get) => ({
  ...initial,
  targetEdits: loadTargetEdits(storage()),
  setTarget: (id, edit) => {
    const next = { ...get().targetEdits }
    if (edit) next[id] = edit
    else delete next[id]
    saveTargetEdits(storage(), next)
    set({ targetEdits: next })
  },
  addFacility: (facility) => set((s) => ({ edits: [...s.edits, { kind: 'add', facility }] })),
  moveFacility: (id, to) => set((s) => ({ edits: [...s.edits, { kind: 'move', id, to }] })),
  removeFacility: (id) => set((s) => ({ edits: [...s.edits, { kind: 'remove', id }] })),
  loadScenario: (scenarioId, scenarioName, edits) => set({ scenarioId, scenarioName, edits }),
  setScenarioName: (scenarioName) => set({ scenarioName }),
  setPlacing: (placing) => set({ placing }),
  setTable: (tableOpen, tableWide) =>
    set((s) => ({ tableOpen, tableWide: tableWide ?? s.tableWide })),
  setSuggestions: (suggestions) => set({ suggestions }),
}))

/** For tests: back to the initial state (target edits re-read from storage). */
export function resetPlannerStore(): void {
  usePlannerStore.setState({ ...initial, targetEdits: loadTargetEdits(storage()) })
}
