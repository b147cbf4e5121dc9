/**
 * Whether people may walk along an OSM way, and at what cost.
 *
 * Kept: every ordinary street, footways, crossings (`footway=crossing`), paths, pedestrian
 * streets, steps (with {@link STEPS_COST_FACTOR}). Dropped: motorways and trunk roads without a
 * sidewalk on the road itself, `foot=no`, `access=private` / `access=no` (unless `foot` allows
 * walking), and ways that are not (yet) walkable streets (construction, proposed, raceways …).
 */
export type WalkVerdict =
  { walkable: true; factor: number } | { walkable: false; reason: DropReason }

/** Why a way is not part of the walking network (the import report counts each). */
export type DropReason =
  | 'not a highway'
  | 'motorway or trunk without sidewalk'
  | 'foot=no'
  | 'access=private'
  | 'access=no'
  | 'not walkable highway type'

/**
 * Steps cost twice their length: people climb at about half their level pace, and slower still
 * with a stick or a pram (a planning figure, not a measurement; routers commonly use 0.4–0.6).
 */
export const STEPS_COST_FACTOR = 2

const MOTOR_ONLY = new Set(['motorway', 'motorway_link', 'trunk', 'trunk_link'])
const NOT_WALKABLE = new Set([
  'construction',
  'proposed',
  'abandoned',
  'disused',
  'raceway',
  'bus_guideway',
  'busway',
  'via_ferrata',
  'escape',
  'rest_area',
  'services',
])
const FOOT_ALLOWED = new Set(['yes', 'designated', 'permissive', 'use_sidepath'])
const SIDEWALK_ON_ROAD = new Set(['both', 'left', 'right', 'yes'])

function hasSidewalk(tags: Readonly<Record<string, string>>): boolean {
  if (SIDEWALK_ON_ROAD.has(tags.sidewalk ?? '')) return true
  for (const side of ['sidewalk:both', 'sidewalk:left', 'sidewalk:right']) {
    if (tags[side] === 'yes') return true
  }
  return false
}

/**
 * The verdict for one way's tags.
 * @example walkableWay({ highway: 'steps' }) // { walkable: true, factor: 2 }
 * @example walkableWay({ highway: 'motorway' }) // { walkable: false, reason: 'motorway or trunk without sidewalk' }
 */
export function walkableWay(tags: Readonly<Record<string, string>>): WalkVerdict {
  const highway = tags.highway
  if (highway === undefined) return { walkable: false, reason: 'not a highway' }
  const foot = tags.foot ?? ''
  if (foot === 'no') return { walkable: false, reason: 'foot=no' }
  const footYes = FOOT_ALLOWED.has(foot)
  if (!footYes && tags.access === 'private') return { walkable: false, reason: 'access=private' }
  if (!footYes && tags.access === 'no') return { walkable: false, reason: 'access=no' }
  if (NOT_WALKABLE.has(highway)) return { walkable: false, reason: 'not walkable highway type' }
  if (MOTOR_ONLY.has(highway) && !footYes && !hasSidewalk(tags)) {
    return { walkable: false, reason: 'motorway or trunk without sidewalk' }
  }
  return { walkable: true, factor: highway === 'steps' ? STEPS_COST_FACTOR : 1 }
}
