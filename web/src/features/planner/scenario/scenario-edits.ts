import type { CoverageChange } from '../../../core/coverage/coverage-model.ts'
import type { FacilityFeature } from '../../../core/coverage/types.ts'

/** What a scenario's edit log amounts to: the proposed sites where they now are, the closed ones. */
export interface ScenarioState {
  /** Facilities the scenario adds, at their latest position. */
  proposed: FacilityFeature[]
  /** Ids of existing facilities the scenario closes. */
  closed: string[]
}

/**
 * Folds an edit log into the sites it adds (moves applied) and the existing facilities it
 * closes. A proposed site that is removed again disappears; an existing one counts as closed.
 * @example scenarioState([{ kind: 'add', facility }]).proposed.length // 1
 */
export function scenarioState(edits: readonly CoverageChange[]): ScenarioState {
  const proposed = new Map<string, FacilityFeature>()
  const closed = new Set<string>()
  for (const e of edits) {
    if (e.kind === 'add') {
      const id = String(e.facility.properties.id)
      if (closed.has(id)) closed.delete(id)
      else proposed.set(id, e.facility)
    } else if (e.kind === 'move') {
      const f = proposed.get(e.id)
      if (f) proposed.set(e.id, { ...f, geometry: { type: 'Point', coordinates: [...e.to] } })
    } else if (proposed.has(e.id)) proposed.delete(e.id)
    else closed.add(e.id)
  }
  return { proposed: [...proposed.values()], closed: [...closed] }
}

/**
 * The shortest log with the same outcome: closings, then the proposed sites at their final
 * places. What a saved scenario stores.
 */
export function compactEdits(edits: readonly CoverageChange[]): CoverageChange[] {
  const { proposed, closed } = scenarioState(edits)
  return [
    ...closed.map((id): CoverageChange => ({ kind: 'remove', id })),
    ...proposed.map((facility): CoverageChange => ({ kind: 'add', facility })),
  ]
}

let counter = 0
/** A new proposed facility of a category at a point (status `open`: it counts in the scenario). */
export function proposedFacility(category: string, lngLat: [number, number]): FacilityFeature {
  counter++
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [lngLat[0], lngLat[1]] },
    properties: {
      id: `proposed-${Date.now().toString(36)}-${counter}`,
      category,
      status: 'open',
      name: `拟建 proposed ${counter}`,
    },
  }
}
