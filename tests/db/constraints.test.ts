/**
 * Bad values are refused by the table constraints and by the API, naming the field, and
 * nothing stored changes.
 */
import { describe, expect, it } from 'vitest'
import { DbError } from '../../web/src/data/db.ts'
import { testBackends } from './backends.ts'
import { FACILITY, pointIn } from './fixture.ts'
import { facilityState, unique, useDatabase } from './harness.ts'
import type { Row } from './harness.ts'

describe.each(testBackends())('constraints on $name', (backend) => {
  const ctx = useDatabase(backend, 'constraints')

  describe('constraints', () => {
    const snapshot = async () => {
      const [r] = await ctx.sql(
        `select count(*)::int as n, (select to_jsonb(f) from facilities f where id = $1) as ref from facilities`,
        [FACILITY.canteenA],
      )
      return r
    }
    const longName = '长'.repeat(121)
    const tableCases: [string, string, unknown, string][] = [
      ['lon', 'lon', 200, '23514'],
      ['lon', 'lon', 'NaN', '23514'],
      ['lat', 'lat', -91, '23514'],
      ['lat', 'lat', 'NaN', '23514'],
      ['category', 'category', 'bogus', '23503'],
      ['name', 'name', '', '23514'],
      ['name', 'name', ' \u3000 ', '23514'],
      ['name', 'name', longName, '23514'],
      ['capacity', 'capacity', -1, '23514'],
      ['hours', 'hours', '25:00-26:00', '23514'],
      ['hours', 'hours', '7-19', '23514'],
      ['hours', 'hours', 'Mo-Fr08:00-18:00', '23514'],
      ['status', 'status', 'gone', '23514'],
    ]
    it.each(tableCases)(
      'the table rejects a bad %s (%j) naming the field',
      async (field, column, value, code) => {
        const before = await snapshot()
        const base: Row = {
          category: 'store',
          name: '约束测试',
          lon: 90.005,
          lat: 10.005,
          capacity: null,
          hours: null,
          status: 'open',
        }
        base[column] = value
        const attemptInsert = ctx.sql(
          `insert into facilities (category, name, lon, lat, capacity, hours, status) values ($1, $2, $3, $4, $5, $6, $7)`,
          [
            base['category'],
            base['name'],
            base['lon'],
            base['lat'],
            base['capacity'],
            base['hours'],
            base['status'],
          ],
        )
        const error = await attemptInsert.then(
          () => null,
          (e: unknown) => e,
        )
        expect(error, `no error for ${field}`).not.toBeNull()
        const { toDbError } = await import('../../web/src/data/rpc-sql.ts')
        const mapped = toDbError(error)
        expect([mapped.code, mapped.field]).toEqual([code, field])
        expect(await snapshot()).toEqual(before)
      },
    )

    const apiCases: [string, Row][] = [
      ['lon', { lon: 200 }],
      ['lon', { lon: 'NaN' }],
      ['lat', { lat: -91 }],
      ['lat', { lat: '10' }],
      ['category', { category: 'bogus' }],
      ['name', { name: '' }],
      ['name', { name: '   ' }],
      ['name', { name: longName }],
      ['capacity', { capacity: -1 }],
      ['capacity', { capacity: 1.5 }],
      ['hours', { hours: '25:00-26:00' }],
      ['hours', { hours: '07:00-19:00;08:00-09:00' }],
      ['status', { status: 'gone' }],
      ['colour', { colour: 'red' }],
    ]
    it.each(apiCases)(
      'save_facility rejects a bad %s %j naming the field, on insert and on update',
      async (field, patch) => {
        const before = await snapshot()
        const insert = ctx.call('admin', 'save_facility', {
          facility: { category: 'store', name: '约束测试', lon: 90.005, lat: 10.005, ...patch },
        })
        await expect(insert).rejects.toSatisfy(
          (e: unknown) => e instanceof DbError && e.code === '22023' && e.field === field,
        )
        await expect(insert).rejects.toThrow(new RegExp(`^facility\\.${field}: `))
        const update = ctx.call('admin', 'save_facility', {
          facility: { id: FACILITY.canteenA, ...patch },
          expected_version: (before!['ref'] as Row)['version'],
        })
        await expect(update).rejects.toSatisfy(
          (e: unknown) => e instanceof DbError && e.field === field,
        )
        expect(await snapshot()).toEqual(before)
      },
    )

    it.each([
      '07:00-19:00',
      '06:30-09:00,11:00-13:30',
      'Mo-Fr 08:00-18:00; Sa 09:00-12:00',
      '24/7',
      'Mo-Sa 07:00-24:00; Su off',
    ])('accepts the hours %j', async (hours) => {
      const [row] = await ctx.call<Row[]>('workerA', 'save_facility', {
        facility: { category: 'store', name: unique('营业时间'), ...pointIn('A', 7), hours },
      })
      expect(row!['hours']).toBe(hours)
    })

    it.each([0, 6])(
      'rejects a rating of %i in the table and in submit_feedback',
      async (rating) => {
        const direct = ctx.sql(
          `insert into feedback (facility_id, kind, rating) values ($1, 'rating', $2)`,
          [FACILITY.storeA, rating],
        )
        const { toDbError } = await import('../../web/src/data/rpc-sql.ts')
        const error = toDbError(
          await direct.then(
            () => null,
            (e: unknown) => e,
          ),
        )
        expect([error.code, error.field]).toEqual(['23514', 'rating'])
        const api = ctx.call('anon', 'submit_feedback', {
          facility_id: FACILITY.storeA,
          kind: 'rating',
          rating,
        })
        await expect(api).rejects.toSatisfy(
          (e: unknown) => e instanceof DbError && e.code === '22023' && e.field === 'rating',
        )
        const [n] = await ctx.sql(
          'select count(*)::int as n from feedback where rating not between 1 and 5',
        )
        expect(n!['n']).toBe(0)
      },
    )

    it('requires a reason to close', async () => {
      const f = await ctx.newFacility('A')
      await expect(
        ctx.call('workerA', 'close_facility', {
          facility_id: f['id'],
          expected_version: 1,
          reason: '  ',
        }),
      ).rejects.toSatisfy(
        (e: unknown) => e instanceof DbError && e.code === '22023' && e.field === 'reason',
      )
      expect(await facilityState(ctx, f['id'])).toMatchObject({
        version: 1,
        status: 'open',
        audits: 1,
      })
    })
  })
})
