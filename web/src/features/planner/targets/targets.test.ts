import { describe, expect, it } from 'vitest'
import { POLICY_TARGETS } from '../../../core/catalog/policy-targets.ts'
import { computeCoverage } from '../../../core/coverage/compute-coverage.ts'
import { generateTestCity } from '../../../core/coverage/test-city.ts'
import {
  communityTargets,
  compareTargets,
  effectiveTargets,
  loadTargetEdits,
  saveTargetEdits,
} from './targets.ts'

const city = generateTestCity({ seed: 3, communities: 25, facilities: 100 })
const result = computeCoverage({
  communities: city.communities,
  facilities: city.facilities,
  settings: { method: 'exact', categories: city.categories },
})
const minutes = { canteen: 15, childcare: 15, fitness: 15, store: 15 }

describe('policy targets', () => {
  it('start from the presets, each with a citation, and take the planner`s edits', () => {
    const presets = effectiveTargets({})
    expect(presets.map((t) => t.id)).toEqual(POLICY_TARGETS.map((t) => t.id))
    expect(presets.every((t) => !t.edited && t.citation.document.length > 0)).toBe(true)
    const edited = effectiveTargets({ childcare_60: { value: 0.5, threshold: 0.4 } })
    const c = edited.find((t) => t.id === 'childcare_60')!
    expect([c.value, c.threshold, c.edited]).toEqual([0.5, 0.4, true])
    expect(effectiveTargets({ canteen_full: { value: Number.NaN } })[0]!.value).toBe(1)
  })

  it('give each category the share a community must reach', () => {
    expect(communityTargets(effectiveTargets({}))).toEqual({
      canteen: 1,
      fitness: 0.95,
      childcare: 0.5,
    })
    expect(communityTargets(effectiveTargets({ canteen_full: { off: true } })).canteen).toBe(0.5)
  })

  it('set the district against every measure', () => {
    const rows = compareTargets(result, effectiveTargets({}), minutes)
    const byId = new Map(rows.map((r) => [r.target.id, r]))
    expect(byId.get('canteen_full')!.actual).toBeCloseTo(
      result.city.categories.canteen!.population_share!,
      6,
    )
    const shares = result.communities
      .map((c) => c.categories.childcare?.population_share)
      .filter((s): s is number => s !== null && s !== undefined)
    expect(byId.get('childcare_60')!.actual).toBeCloseTo(
      shares.filter((s) => s >= 0.5).length / shares.length,
      6,
    )
    expect(byId.get('complete_circle')!.actual).toBeCloseTo(result.city.complete_share!, 6)
    // The fitness target counts 10 minutes: computed at 15 it is indicative only.
    expect(byId.get('fitness_10min_95')!.otherMinutes).toBe(true)
    expect(byId.get('canteen_full')!.otherMinutes).toBe(false)
    for (const r of rows)
      if (r.actual !== null) expect(r.met).toBe(r.actual >= r.target.value - 1e-9)
    // A goal of 0 is always met; a switched-off target is not compared.
    const easy = compareTargets(
      result,
      effectiveTargets({ canteen_full: { value: 0 }, home_care_90: { off: true } }),
      minutes,
    )
    expect(easy.find((r) => r.target.id === 'canteen_full')!.met).toBe(true)
    expect(easy.some((r) => r.target.id === 'home_care_90')).toBe(false)
  })

  it('are kept in storage and survive unreadable storage', () => {
    const store = new Map<string, string>()
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    }
    saveTargetEdits(storage, { canteen_full: { value: 0.8 } })
    expect(loadTargetEdits(storage)).toEqual({ canteen_full: { value: 0.8 } })
    store.set('lifecircle.planner.targets', '{not json')
    expect(loadTargetEdits(storage)).toEqual({})
    expect(loadTargetEdits(undefined)).toEqual({})
  })
})
