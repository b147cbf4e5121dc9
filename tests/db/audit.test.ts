/**
 * The audit trail: one facility_changes row per change, before = the previous after, the
 * actor and the reason; direct table writes are audited too.
 */
import { describe, expect, it } from 'vitest'
import { testBackends } from './backends.ts'
import { USERS, pointIn } from './fixture.ts'
import { useDatabase } from './harness.ts'
import type { Row } from './harness.ts'

describe.each(testBackends())('audit on $name', (backend) => {
  const ctx = useDatabase(backend, 'audit')

  describe('audit', () => {
    it('writes exactly one row per change with the right before/after, actor and reason', async () => {
      const audits = async (id: unknown) =>
        ctx.call<Row[]>('workerA', 'facility_history', { facility_id: id })
      const [created] = await ctx.call<Row[]>('workerA', 'save_facility', {
        facility: {
          category: 'childcare',
          name: '审计托育点',
          ...pointIn('A', 5),
          capacity: 12,
          hours: '07:30-17:30',
        },
        reason: '新开办',
      })
      expect(await audits(created!['id'])).toHaveLength(1)
      const [updated] = await ctx.call<Row[]>('workerA', 'save_facility', {
        facility: { id: created!['id'], capacity: 20 },
        expected_version: 1,
      })
      expect(await audits(created!['id'])).toHaveLength(2)
      const [verified] = await ctx.call<Row[]>('workerA', 'verify_facility', {
        facility_id: created!['id'],
        expected_version: 2,
      })
      expect(await audits(created!['id'])).toHaveLength(3)
      const [closed] = await ctx.call<Row[]>('workerA', 'close_facility', {
        facility_id: created!['id'],
        expected_version: 3,
        reason: '场地收回',
      })
      const history = await audits(created!['id'])
      expect(history.map((h) => [h['action'], h['reason'], h['actor']])).toEqual([
        ['insert', '新开办', USERS.workerA.id],
        ['update', null, USERS.workerA.id],
        ['update', 'verified', USERS.workerA.id],
        ['close', '场地收回', USERS.workerA.id],
      ])
      const states = [created, updated, verified, closed] as Row[]
      history.forEach((h, i) => {
        const after = h['after'] as Row
        expect(after).toMatchObject({
          id: created!['id'],
          version: i + 1,
          capacity: states[i]!['capacity'],
          status: states[i]!['status'],
        })
        // Each change's before is exactly the previous change's after.
        expect(h['before']).toEqual(i === 0 ? null : history[i - 1]!['after'])
      })
      expect((history[2]!['after'] as Row)['verified_by']).toBe(USERS.workerA.id)
      expect([updated!['capacity'], closed!['status']]).toEqual([20, 'closed'])
    })

    it('audits direct table writes too (no way around the trigger)', async () => {
      const f = await ctx.newFacility('B')
      await ctx.sql(`update facilities set phone = '021-1234 5678' where id = $1`, [f['id']])
      const rows = await ctx.sql(
        `select action, before->>'phone' as b, after->>'phone' as a from facility_changes where facility_id = $1 order by id`,
        [f['id']],
      )
      expect(rows).toEqual([
        { action: 'insert', b: null, a: null },
        { action: 'update', b: null, a: '021-1234 5678' },
      ])
    })
  })
})
