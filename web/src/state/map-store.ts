import { create } from 'zustand'
import type { Bbox } from '../data/keys.ts'

/** What the side panel shows: a facility or a community, by id. */
export type MapSelection =
  { kind: 'facility'; id: string } | { kind: 'community'; id: string } | null

export interface MapState {
  /** Category codes switched off in the legend; new categories are visible by default. */
  hiddenCategories: readonly string[]
  selection: MapSelection
  /** A box the map should show next (e.g. a community picked from the list); null when none. */
  focus: Bbox | null
  toggleCategory(code: string): void
  setCategoryVisible(code: string, visible: boolean): void
  showAllCategories(): void
  select(selection: MapSelection): void
  focusOn(bbox: Bbox | null): void
}

const initialMapState = {
  hiddenCategories: [] as readonly string[],
  selection: null as MapSelection,
  focus: null as Bbox | null,
}

export const useMapStore = create<MapState>()((set) => ({
  ...initialMapState,
  toggleCategory: (code) =>
    set(({ hiddenCategories }) => ({
      hiddenCategories: hiddenCategories.includes(code)
        ? hiddenCategories.filter((c) => c !== code)
        : [...hiddenCategories, code],
    })),
  setCategoryVisible: (code, visible) =>
    set(({ hiddenCategories }) => ({
      hiddenCategories: visible
        ? hiddenCategories.filter((c) => c !== code)
        : hiddenCategories.includes(code)
          ? hiddenCategories
          : [...hiddenCategories, code],
    })),
  showAllCategories: () => set({ hiddenCategories: [] }),
  select: (selection) => set({ selection }),
  focusOn: (focus) => set({ focus }),
}))

/** For tests: back to the initial state. */
export function resetMapStore(): void {
  useMapStore.setState(initialMapState)
}

/** The visible category codes, in the given order. */
export function visibleCategories(all: readonly string[], hidden: readonly string[]): string[] {
  return all.filter((code) => !hidden.includes(code))
}
