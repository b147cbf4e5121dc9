import { describe, expect, it } from 'vitest'
import type { CoverageChange } from '../../../core/coverage/coverage-model.ts'
import { editsOfBody, scenarioBody } from '../api/scenarios.ts'
import { compactEdits, proposedFacility, scenarioState } from './scenario-edits.ts'

describe('scenario edits', () => {
  const a = proposedFacility('canteen', [121.4, 31.2])
  const b = proposedFacility('childcare', [121.41, 31.21])
  const log: CoverageChange[] = [
    { kind: 'add', facility: a },
    { kind: 'add', facility: b },
    { kind: 'move', id: String(a.properties.id), to: [121.5, 31.3] },
    { kind: 'remove', id: 'existing-1' },
    { kind: 'remove', id: String(b.properties.id) },
    { kind: 'remove', id: 'existing-2' },
  ]

  it('fold into the proposed sites where they now are and the closed ones', () => {
    const s = scenarioState(log)
    expect(s.proposed.map((f) => f.properties.id)).toEqual([a.properties.id])
    expect(s.proposed[0]!.geometry.coordinates).toEqual([121.5, 31.3])
    expect(s.closed).toEqual(['existing-1', 'existing-2'])
    expect(a.properties.id).not.toBe(b.properties.id)
  })

  it('compact to the same outcome, and round-trip through a stored body', () => {
    const compact = compactEdits(log)
    expect(scenarioState(compact)).toEqual(scenarioState(log))
    const body = scenarioBody(log, { method: 'exact' })
    expect(body.removed).toEqual(['existing-1', 'existing-2'])
    expect(scenarioState(editsOfBody(body))).toEqual(scenarioState(log))
    expect(editsOfBody({ added: [{ nonsense: true }], removed: [3, 'x'] })).toEqual([
      { kind: 'remove', id: 'x' },
    ])
  })

  it('reopening a closed facility takes it out of the closed list', () => {
    const reopen: CoverageChange[] = [
      { kind: 'remove', id: 'f1' },
      { kind: 'add', facility: { ...a, properties: { ...a.properties, id: 'f1' } } },
    ]
    expect(scenarioState(reopen)).toEqual({ proposed: [], closed: [] })
  })
})
