import { describe, expect, it } from 'vitest'
import { BASE_CATEGORIES, categoryFromName } from './categories.ts'
import { defaultPaceFor, minutesToWalk, reachAtPace } from './paces.ts'
import { meters, minutes } from '../geo/units.ts'

describe('categoryFromName', () => {
  it.each([
    ['老年食堂', 'canteen'],
    [' 助餐點 ', 'canteen'],
    ['托育點', 'childcare'],
    ['Convenience  Store', 'store'],
    ['便利商店', 'store'],
    ['健身点', 'fitness'],
    ['fitness', 'fitness'],
  ])('%j → %s', (name, code) => expect(categoryFromName(name)).toBe(code))
  it('returns null for unknown names', () => expect(categoryFromName('菜市场')).toBeNull())
  it('knows every base category by its own code', () => {
    for (const c of BASE_CATEGORIES) expect(categoryFromName(c.code)).toBe(c.code)
  })
})

describe('paces', () => {
  it('turns minutes into metres and back', () => {
    expect(reachAtPace(minutes(15), 'elderly')).toBeCloseTo(750, 9)
    expect(reachAtPace(minutes(15), 'ordinary')).toBeCloseTo(1125, 9)
    expect(minutesToWalk(meters(750), 'elderly')).toBe(15)
    expect(minutesToWalk(meters(751), 'elderly')).toBe(16)
    expect(minutesToWalk(meters(0), 'ordinary')).toBe(0)
  })
  it('defaults the elderly pace for services for the elderly', () => {
    expect(defaultPaceFor('elderly')).toBe('elderly')
    expect(defaultPaceFor('infants')).toBe('ordinary')
  })
})
