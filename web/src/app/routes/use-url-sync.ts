import { useEffect, useRef } from 'react'
import type { MapSelection } from '../../state/map-store.ts'
import { useMapStore } from '../../state/map-store.ts'

interface MapSearch {
  f?: string | undefined
  c?: string | undefined
  hide?: string | undefined
}

const selectionOf = (search: MapSearch): MapSelection =>
  search.f
    ? { kind: 'facility', id: search.f }
    : search.c
      ? { kind: 'community', id: search.c }
      : null

const sameSelection = (a: MapSelection, b: MapSelection) =>
  a === b || (!!a && !!b && a.kind === b.kind && a.id === b.id)

/**
 * Keeps the map store's selection and hidden categories and the URL in step, both ways: a
 * shared link sets them on open, and a click or a legend switch updates the link (replacing
 * the history entry, so Back leaves the workspace instead of undoing every click).
 */
export function useMapUrlSync(search: MapSearch, update: (patch: MapSearch) => void): void {
  const updateRef = useRef(update)
  updateRef.current = update
  const selection = selectionOf(search)
  const hide = search.hide ?? ''

  useEffect(() => {
    const state = useMapStore.getState()
    if (!sameSelection(state.selection, selection)) state.select(selection)
    const hidden = hide ? hide.split(',') : []
    if (state.hiddenCategories.join() !== hidden.join())
      useMapStore.setState({ hiddenCategories: hidden })
  }, [selection?.kind, selection?.id, hide])

  useEffect(
    () =>
      useMapStore.subscribe((state, previous) => {
        const patch: MapSearch = {}
        let changed = false
        if (!sameSelection(state.selection, previous.selection)) {
          patch.f = state.selection?.kind === 'facility' ? state.selection.id : undefined
          patch.c = state.selection?.kind === 'community' ? state.selection.id : undefined
          changed = true
        }
        if (state.hiddenCategories !== previous.hiddenCategories) {
          patch.hide = state.hiddenCategories.length ? state.hiddenCategories.join(',') : undefined
          changed = true
        }
        if (changed) updateRef.current(patch)
      }),
    [],
  )
}
