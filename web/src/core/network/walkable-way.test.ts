import { describe, expect, it } from 'vitest'
import { STEPS_COST_FACTOR, walkableWay } from './walkable-way.ts'

describe('walkableWay', () => {
  it.each([
    [{ highway: 'footway' }, 1],
    [{ highway: 'footway', footway: 'crossing' }, 1],
    [{ highway: 'residential' }, 1],
    [{ highway: 'steps' }, STEPS_COST_FACTOR],
    [{ highway: 'trunk', sidewalk: 'both' }, 1],
    [{ highway: 'primary', 'sidewalk:left': 'yes' }, 1],
    [{ highway: 'motorway_link', foot: 'yes' }, 1],
    [{ highway: 'service', access: 'private', foot: 'permissive' }, 1],
  ])('keeps %o at cost factor %d', (tags, factor) => {
    expect(walkableWay(tags)).toEqual({ walkable: true, factor })
  })

  it.each([
    [{ building: 'yes' }, 'not a highway'],
    [{ highway: 'motorway' }, 'motorway or trunk without sidewalk'],
    [{ highway: 'trunk', sidewalk: 'separate' }, 'motorway or trunk without sidewalk'],
    [{ highway: 'trunk_link', sidewalk: 'no' }, 'motorway or trunk without sidewalk'],
    [{ highway: 'footway', foot: 'no' }, 'foot=no'],
    [{ highway: 'service', access: 'private' }, 'access=private'],
    [{ highway: 'construction' }, 'not walkable highway type'],
  ])('drops %o: %s', (tags, reason) => {
    expect(walkableWay(tags)).toEqual({ walkable: false, reason })
  })
})
