import { beforeEach, describe, expect, it } from 'vitest'
import { resetCoverageStore, useCoverageStore } from './coverage-store.ts'

describe('coverage store', () => {
  beforeEach(resetCoverageStore)

  it('starts at 15 minutes × 4 km/h, elderly canteens by population', () => {
    expect(useCoverageStore.getState()).toMatchObject({
      category: 'canteen',
      metric: 'population',
      minutes: 15,
      speedKmh: 4,
    })
  })

  it('keeps minutes whole and within 1–30', () => {
    const { setMinutes } = useCoverageStore.getState()
    setMinutes(0)
    expect(useCoverageStore.getState().minutes).toBe(1)
    setMinutes(45)
    expect(useCoverageStore.getState().minutes).toBe(30)
    setMinutes(7.6)
    expect(useCoverageStore.getState().minutes).toBe(8)
  })

  it('resets between tests', () => {
    useCoverageStore.getState().setCategory('store')
    resetCoverageStore()
    expect(useCoverageStore.getState().category).toBe('canteen')
  })
})
