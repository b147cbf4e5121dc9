/**
 * A facility's timeline from the audit (who, when, which fields, from -> to, why) and
 * reverting a change, which writes a new audit row.
 */
import { describe, expect, it } from 'vitest'
import { testBackends } from './backends.ts'
import { USERS, pointIn } from './fixture.ts'
import { facilityState, failure, unique, useDatabase } from './harness.ts'
import type { Row } from './harness.ts'

describe.each(testBackends())('history on $name', (backend) => {
  const ctx = useDatabase(backend, 'history')

  async function edited(): Promise<{ id: string; changes: Row[] }> {
    const [f] = await ctx.call<Row[]>('workerA', 'save_facility', {
      facility: {
        category: 'canteen',
        name: unique('时间线食堂'),
        ...pointIn('A', 21),
        capacity: 30,
      },
      reason: '新开办',
    })
    const id = String(f!['id'])
    await ctx.call('workerA', 'save_facility', {
      facility: { id, capacity: 45, phone: '021-5555 0101' },
      expected_version: 1,
      reason: '扩容',
    })
    await ctx.call('admin', 'save_facility', {
      facility: { id, hours: '07:00-19:00' },
      expected_version: 2,
    })
    return {
      id,
      changes: await ctx.call<Row[]>('workerA', 'facility_timeline', { facility_id: id }),
    }
  }

  it('lists who, when, which fields from -> to and why, newest first', async () => {
    const { changes } = await edited()
    expect(
      changes.map((c) => [c['action'], c['version'], c['actor'], c['actor_name'], c['reason']]),
    ).toEqual([
      ['update', 3, USERS.admin.id, '测试管理员', null],
      ['update', 2, USERS.workerA.id, '甲社区工作者', '扩容'],
      ['insert', 1, USERS.workerA.id, '甲社区工作者', '新开办'],
    ])
    expect(changes[1]!['changes']).toEqual([
      { field: 'capacity', from: 30, to: 45 },
      { field: 'phone', from: null, to: '021-5555 0101' },
    ])
    expect(changes[0]!['changes']).toEqual([{ field: 'hours', from: null, to: '07:00-19:00' }])
    const created = (changes[2]!['changes'] as Row[]).map((c) => c['field'])
    expect(created).toEqual(expect.arrayContaining(['name', 'category', 'lon', 'lat', 'capacity']))
  })

  it("is refused to anonymous callers, residents and other communities' workers", async () => {
    const { id } = await edited()
    for (const actor of ['anon', 'resident', 'workerB'] as const) {
      expect((await failure(ctx.call(actor, 'facility_timeline', { facility_id: id }))).code).toBe(
        '42501',
      )
    }
    expect(await ctx.call<Row[]>('planner', 'facility_timeline', { facility_id: id })).toHaveLength(
      3,
    )
  })

  it('reverts a change as a new audited change, keeping later edits of other fields', async () => {
    const { id, changes } = await edited()
    const capacityChange = changes[1]!['change_id']
    const [reverted] = await ctx.call<Row[]>('workerA', 'revert_facility_change', {
      change_id: capacityChange,
      expected_version: 3,
      reason: '录入错误',
    })
    expect(reverted).toMatchObject({ version: 4, capacity: 30, phone: null, hours: '07:00-19:00' })
    const after = await ctx.call<Row[]>('workerA', 'facility_timeline', { facility_id: id })
    expect(after).toHaveLength(4)
    expect(after[0]).toMatchObject({
      action: 'update',
      actor: USERS.workerA.id,
      reverts: capacityChange,
      reason: `revert of change ${String(capacityChange)}: 录入错误`,
      changes: [
        { field: 'capacity', from: 45, to: 30 },
        { field: 'phone', from: '021-5555 0101', to: null },
      ],
    })
  })

  it("refuses a stale version, another community's worker, and reverting a creation", async () => {
    const { id, changes } = await edited()
    const stale = await failure(
      ctx.call('workerA', 'revert_facility_change', {
        change_id: changes[0]!['change_id'],
        expected_version: 2,
      }),
    )
    expect(stale.code).toBe('PT409')
    const other = await failure(
      ctx.call('workerB', 'revert_facility_change', {
        change_id: changes[0]!['change_id'],
        expected_version: 3,
      }),
    )
    expect(['42501', 'P0002']).toContain(other.code)
    const creation = await failure(
      ctx.call('workerA', 'revert_facility_change', {
        change_id: changes[2]!['change_id'],
        expected_version: 3,
      }),
    )
    expect([creation.code, creation.field]).toEqual(['22023', 'change_id'])
    expect(await facilityState(ctx, id)).toMatchObject({ version: 3, audits: 3 })
  })
})
