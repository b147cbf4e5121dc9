import { beforeEach, describe, expect, it } from 'vitest'
import { resetMapStore, useMapStore, visibleCategories } from './map-store.ts'

describe('map store', () => {
  beforeEach(resetMapStore)

  it('starts with every category visible and nothing selected', () => {
    const s = useMapStore.getState()
    expect(s.hiddenCategories).toEqual([])
    expect(s.selection).toBeNull()
  })

  it('toggles a category off and back on', () => {
    useMapStore.getState().toggleCategory('store')
    expect(useMapStore.getState().hiddenCategories).toEqual(['store'])
    useMapStore.getState().toggleCategory('canteen')
    expect(useMapStore.getState().hiddenCategories).toEqual(['store', 'canteen'])
    useMapStore.getState().toggleCategory('store')
    expect(useMapStore.getState().hiddenCategories).toEqual(['canteen'])
  })

  it('sets visibility idempotently and shows all again', () => {
    const { setCategoryVisible } = useMapStore.getState()
    setCategoryVisible('fitness', false)
    setCategoryVisible('fitness', false)
    expect(useMapStore.getState().hiddenCategories).toEqual(['fitness'])
    setCategoryVisible('fitness', true)
    expect(useMapStore.getState().hiddenCategories).toEqual([])
    setCategoryVisible('store', false)
    useMapStore.getState().showAllCategories()
    expect(useMapStore.getState().hiddenCategories).toEqual([])
  })

  it('keeps the selection', () => {
    useMapStore.getState().select({ kind: 'facility', id: 'f1' })
    expect(useMapStore.getState().selection).toEqual({ kind: 'facility', id: 'f1' })
    useMapStore.getState().select(null)
    expect(useMapStore.getState().selection).toBeNull()
  })

  it('lists visible categories in catalogue order', () => {
    expect(
      visibleCategories(['canteen', 'childcare', 'fitness', 'store'], ['childcare', 'store']),
    ).toEqual(['canteen', 'fitness'])
  })
})
