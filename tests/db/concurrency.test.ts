/**
 * Optimistic concurrency: a save or close with a stale expected_version is refused (PT409)
 * and changes nothing; a worker cannot move a facility out of their communities.
 */
import { describe, expect, it } from 'vitest'
import { DbError } from '../../web/src/data/db.ts'
import { testBackends } from './backends.ts'
import { COMMUNITY_A, COMMUNITY_B, pointIn } from './fixture.ts'
import { facilityState, useDatabase } from './harness.ts'
import type { Row } from './harness.ts'

describe.each(testBackends())('concurrency on $name', (backend) => {
  const ctx = useDatabase(backend, 'concurrency')

  describe('optimistic concurrency', () => {
    it('rejects a save with a stale version (PT409) and changes nothing', async () => {
      const f = await ctx.newFacility('A')
      const [saved] = await ctx.call<Row[]>('workerA', 'save_facility', {
        facility: { id: f['id'], name: '第一次保存' },
        expected_version: 1,
      })
      expect(saved).toMatchObject({ version: 2, name: '第一次保存' })
      const stale = ctx.call('workerA', 'save_facility', {
        facility: { id: f['id'], name: '过时的保存' },
        expected_version: 1,
      })
      await expect(stale).rejects.toSatisfy(
        (e: unknown) => e instanceof DbError && e.isConflict && e.field === 'version',
      )
      await expect(stale).rejects.toThrow(/version 2, yours 1/)
      expect(await facilityState(ctx, f['id'])).toEqual({
        version: 2,
        name: '第一次保存',
        status: 'open',
        audits: 2,
      })
    })

    it('rejects a close with a stale version and keeps the facility open', async () => {
      const f = await ctx.newFacility('B')
      await ctx.call('workerB', 'verify_facility', { facility_id: f['id'], expected_version: 1 })
      const stale = ctx.call('workerB', 'close_facility', {
        facility_id: f['id'],
        expected_version: 1,
        reason: '过时',
      })
      await expect(stale).rejects.toSatisfy(
        (e: unknown) => e instanceof DbError && e.code === 'PT409',
      )
      expect(await facilityState(ctx, f['id'])).toEqual({
        version: 2,
        name: f['name'],
        status: 'open',
        audits: 2,
      })
    })

    it('does not let a worker move a facility into a community they do not manage', async () => {
      const f = await ctx.newFacility('A')
      const move = ctx.call('workerA', 'save_facility', {
        facility: { id: f['id'], ...pointIn('B', 3) },
        expected_version: 1,
      })
      await expect(move).rejects.toSatisfy((e: unknown) => e instanceof DbError && e.isForbidden)
      const [row] = await ctx.sql('select community_id, version from facilities where id = $1', [
        f['id'],
      ])
      expect(row).toEqual({ community_id: COMMUNITY_A, version: 1 })
      // An admin may, and the community follows the point.
      const [moved] = await ctx.call<Row[]>('admin', 'save_facility', {
        facility: { id: f['id'], ...pointIn('B', 3) },
        expected_version: 1,
      })
      expect([moved!['community_id'], moved!['version']]).toEqual([COMMUNITY_B, 2])
    })

    it('requires expected_version on update', async () => {
      const f = await ctx.newFacility('A')
      await expect(
        ctx.call('workerA', 'save_facility', { facility: { id: f['id'], name: 'x' } }),
      ).rejects.toSatisfy(
        (e: unknown) =>
          e instanceof DbError && e.code === '22023' && e.field === 'expected_version',
      )
    })
  })
})
