/**
 * Writes go through the API, and the community follows the point: the database assigns
 * community_id from the boundaries on every insert and move, whatever the client sends; a
 * point outside every community or outside the writer's communities is refused naming the
 * field; direct table writes (as PostgREST exposes the tables) are refused; staff ids stay
 * with staff.
 */
import { describe, expect, it } from 'vitest'
import { testBackends } from './backends.ts'
import { COMMUNITY_A, COMMUNITY_B, FACILITY, USERS, pointIn } from './fixture.ts'
import { facilityState, failure, nextSeq, unique, useDatabase } from './harness.ts'
import type { Row } from './harness.ts'

describe.each(testBackends())('writes on $name', (backend) => {
  const ctx = useDatabase(backend, 'writes')

  describe('the community follows the point', () => {
    it('ignores the community a worker sends and takes it from the point', async () => {
      const name = unique('客户端社区')
      const [row] = await ctx.call<Row[]>('admin', 'save_facility', {
        facility: {
          category: 'store',
          name,
          ...pointIn('B', nextSeq()),
          community_id: COMMUNITY_A,
        },
      })
      expect(row!['community_id']).toBe(COMMUNITY_B)
    })

    it('refuses a worker of A a point in B, even claiming community A', async () => {
      const name = unique('越界')
      const error = await failure(
        ctx.call('workerA', 'save_facility', {
          facility: {
            category: 'store',
            name,
            ...pointIn('B', nextSeq()),
            community_id: COMMUNITY_A,
          },
        }),
      )
      expect([error.code, error.field]).toEqual(['42501', 'lon'])
      expect(error.message).toMatch(
        /^facility\.lon: .*测试乙社区 \(TEST-B\), which you do not manage/,
      )
      expect(await ctx.sql('select id from facilities where name = $1', [name])).toEqual([])
    })

    it('refuses a point outside every community, on insert and on a move (Antarctica)', async () => {
      const name = unique('南极')
      const insert = await failure(
        ctx.call('admin', 'save_facility', {
          facility: { category: 'store', name, lon: 0, lat: -80 },
        }),
      )
      expect([insert.code, insert.field]).toEqual(['22023', 'lon'])
      expect(insert.message).toMatch(/outside every community/)
      const f = await ctx.newFacility('A')
      const move = await failure(
        ctx.call('workerA', 'save_facility', {
          facility: { id: f['id'], lon: 0, lat: -80 },
          expected_version: 1,
        }),
      )
      expect([move.code, move.field]).toEqual(['22023', 'lon'])
      expect(await facilityState(ctx, f['id'])).toMatchObject({ version: 1, audits: 1 })
      const [kept] = await ctx.sql('select lon, lat, community_id from facilities where id = $1', [
        f['id'],
      ])
      expect(kept!['community_id']).toBe(COMMUNITY_A)
    })

    it('refuses a worker of A moving a facility into B, and lets an admin (community follows)', async () => {
      const f = await ctx.newFacility('A')
      const move = await failure(
        ctx.call('workerA', 'save_facility', {
          facility: { id: f['id'], ...pointIn('B', 11) },
          expected_version: 1,
        }),
      )
      expect([move.code, move.field]).toEqual(['42501', 'lon'])
      const [moved] = await ctx.call<Row[]>('admin', 'save_facility', {
        facility: { id: f['id'], ...pointIn('B', 11) },
        expected_version: 1,
      })
      expect(moved).toMatchObject({ community_id: COMMUNITY_B, version: 2 })
      // Now B's: A's worker cannot touch it, B's can.
      const stale = await failure(
        ctx.call('workerA', 'save_facility', {
          facility: { id: f['id'], name: 'x' },
          expected_version: 2,
        }),
      )
      expect(stale.code).toBe('42501')
      await ctx.call('workerB', 'save_facility', {
        facility: { id: f['id'], name: unique('乙接手') },
        expected_version: 2,
      })
    })

    it('applies to planned facilities and to direct writes by the trusted server role', async () => {
      const [planned] = await ctx.call<Row[]>('workerA', 'save_facility', {
        facility: {
          category: 'childcare',
          name: unique('规划托育'),
          status: 'planned',
          ...pointIn('A', 4),
        },
      })
      expect(planned).toMatchObject({ community_id: COMMUNITY_A, status: 'planned' })
      const [served] = await ctx.direct(
        'service_role',
        `insert into facilities (category, name, lon, lat, community_id) values ('store', $1, $2, $3, $4) returning community_id`,
        [unique('服务端'), pointIn('B', 5).lon, pointIn('B', 5).lat, COMMUNITY_A],
      )
      expect(served!['community_id']).toBe(COMMUNITY_B)
    })
  })

  describe('direct table writes are refused', () => {
    const actors = ['anon', 'resident', 'workerA', 'admin'] as const
    it.each(actors)('%s cannot insert, update or delete facilities directly', async (actor) => {
      const p = pointIn('A', 9)
      for (const [query, params] of [
        [
          `insert into facilities (category, name, lon, lat) values ('store', 'direct', $1, $2)`,
          [p.lon, p.lat],
        ],
        [`update facilities set name = 'direct' where id = $1`, [FACILITY.canteenA]],
        [
          `update facilities set verified_by = $2, verified_at = now() where id = $1`,
          [FACILITY.canteenA, USERS.workerB.id],
        ],
        [`update facilities set name = 'undeleted' where id = $1`, [FACILITY.storeA]],
        [`delete from facilities where id = $1`, [FACILITY.canteenA]],
      ] as const) {
        const error = await failure(ctx.direct(actor, query, [...params]))
        expect(error.code, query).toBe('42501')
      }
    })

    it.each(actors)('%s cannot insert or triage feedback directly', async (actor) => {
      const [fb] = await ctx.sql(
        `insert into feedback (facility_id, kind, comment) values ($1, 'other', $2) returning id`,
        [FACILITY.canteenA, unique('直接')],
      )
      for (const [query, params] of [
        [
          `insert into feedback (facility_id, kind, rating) values ($1, 'rating', 5)`,
          [FACILITY.canteenA],
        ],
        [
          `update feedback set status = 'resolved', triaged_by = $2 where id = $1`,
          [fb!['id'], USERS.workerB.id],
        ],
        [`delete from feedback where id = $1`, [fb!['id']]],
      ] as const) {
        const error = await failure(ctx.direct(actor, query, [...params]))
        expect(error.code, query).toBe('42501')
      }
    })

    it('edits no soft-deleted row through the API', async () => {
      const f = await ctx.newFacility('A')
      await ctx.sql('update facilities set deleted_at = now() where id = $1', [f['id']])
      const error = await failure(
        ctx.call('workerA', 'save_facility', {
          facility: { id: f['id'], name: 'back' },
          expected_version: 2,
        }),
      )
      expect(error.code).toBe('P0002')
    })

    it('makes the caller the verifier and the actor, whatever they send', async () => {
      const f = await ctx.newFacility('A')
      const [v] = await ctx.call<Row[]>('workerA', 'verify_facility', {
        facility_id: f['id'],
        expected_version: 1,
      })
      expect(v!['verified_by']).toBe(USERS.workerA.id)
      // verified_by in the object is a server-owned field: ignored.
      const [s] = await ctx.call<Row[]>('workerA', 'save_facility', {
        facility: { id: f['id'], name: unique('改'), verified_by: USERS.workerB.id },
        expected_version: 2,
      })
      expect([s!['verified_by'], s!['updated_by']]).toEqual([USERS.workerA.id, USERS.workerA.id])
      const audit = await ctx.sql(
        'select actor from facility_changes where facility_id = $1 and actor is not null',
        [f['id']],
      )
      expect(audit.map((a) => a['actor'])).toEqual([USERS.workerA.id, USERS.workerA.id])
    })
  })

  describe('staff ids stay with staff', () => {
    it('blanks verified_by / created_by / updated_by for anonymous callers and residents', async () => {
      const [f] = await ctx.call<Row[]>('workerA', 'save_facility', {
        facility: { category: 'store', name: unique('谁建的'), ...pointIn('A', 13) },
      })
      await ctx.call('workerA', 'verify_facility', { facility_id: f!['id'], expected_version: 1 })
      const ids = (r: Row | undefined) => [r?.['created_by'], r?.['updated_by'], r?.['verified_by']]
      for (const actor of ['anon', 'resident'] as const) {
        const [one] = await ctx.call<Row[]>(actor, 'get_facility', { facility_id: f!['id'] })
        expect(ids(one), actor).toEqual([null, null, null])
        const box = await ctx.call<Row[]>(actor, 'facilities_in_bbox', {
          min_lon: 90,
          min_lat: 10,
          max_lon: 90.02,
          max_lat: 10.01,
        })
        expect(box.every((r) => ids(r).every((x) => x === null))).toBe(true)
        const near = await ctx.call<Row[]>(actor, 'nearest_facilities', {
          ...pointIn('A', 13),
          limit_n: 3,
        })
        expect(near.every((r) => ids(r).every((x) => x === null))).toBe(true)
        const direct = await failure(
          ctx.direct(actor, 'select created_by from facilities where id = $1', [f!['id']]),
        )
        expect(direct.code).toBe('42501')
      }
      const [staff] = await ctx.call<Row[]>('planner', 'get_facility', { facility_id: f!['id'] })
      expect(ids(staff)).toEqual([USERS.workerA.id, USERS.workerA.id, USERS.workerA.id])
    })
  })
})
