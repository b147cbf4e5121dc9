/**
 * Geography: community bounding boxes, assignment of a facility to the community whose
 * boundary contains it, and nearest-facility queries (great-circle metres, GiST index).
 */
import { describe, expect, it } from 'vitest'
import { DbError } from '../../web/src/data/db.ts'
import { testBackends } from './backends.ts'
import { COMMUNITY_B, FACILITY, haversineM } from './fixture.ts'
import { failure, unique, useDatabase } from './harness.ts'
import type { Row } from './harness.ts'

describe.each(testBackends())('proximity on $name', (backend) => {
  const ctx = useDatabase(backend, 'proximity')

  describe('communities and assignment by boundary', () => {
    it('fills the bounding box from the GeoJSON boundary', async () => {
      const rows = await ctx.call<Row[]>('anon', 'list_communities')
      const b = rows.find((r) => r['id'] === COMMUNITY_B)
      expect(b).toMatchObject({
        code: 'TEST-B',
        min_lon: 90.01,
        min_lat: 10,
        max_lon: 90.02,
        max_lat: 10.01,
      })
    })

    it('counts open published facilities per category', async () => {
      const rows = await ctx.call<Row[]>('anon', 'list_communities')
      // Fixture B: one open published fitness site (assigned by boundary), one store; the unpublished canteen does not count.
      const [b] = await ctx.sql(
        `select jsonb_object_agg(category, n) as counts from (
           select category, count(*) as n from facilities
           where community_id = $1 and published and status = 'open' and deleted_at is null group by category) x`,
        [COMMUNITY_B],
      )
      expect(rows.find((r) => r['id'] === COMMUNITY_B)?.['facility_counts']).toEqual(b!['counts'])
      expect((b!['counts'] as Record<string, number>)['canteen']).toBeUndefined()
    })

    it('assigns a facility to the community whose boundary contains it, honouring holes', async () => {
      const [seeded] = await ctx.sql('select community_id from facilities where id = $1', [
        FACILITY.fitnessB,
      ])
      expect(seeded!['community_id']).toBe(COMMUNITY_B)
      // Inside B's hole, and east of both communities: outside every community, refused
      // whoever writes (here the table owner), naming the field; nothing stored.
      for (const [lon, lat] of [
        [90.017, 10.007],
        [90.03, 10.005],
      ]) {
        const name = unique('界外')
        const error = await failure(
          ctx.sql(
            `insert into facilities (category, name, lon, lat) values ('store', $1, $2, $3)`,
            [name, lon, lat],
          ),
        )
        expect([error.code, error.field]).toEqual(['23514', 'lon'])
        expect(error.message).toMatch(/outside every community/)
        expect(await ctx.sql('select id from facilities where name = $1', [name])).toEqual([])
      }
    })
  })

  describe('nearest facilities', () => {
    it('orders by great-circle distance and reports metres on R = 6,371,008.8 m', async () => {
      const here = { lon: 90.0031, lat: 10.0042 }
      const rows = await ctx.call<Row[]>('anon', 'nearest_facilities', { ...here, limit_n: 5 })
      expect(rows).toHaveLength(5)
      const candidates = await ctx.sql(
        `select id, lon, lat from facilities where published and status = 'open' and deleted_at is null`,
      )
      const expected = candidates
        .map((c) => ({
          id: c['id'],
          d: haversineM(here.lon, here.lat, c['lon'] as number, c['lat'] as number),
        }))
        // Facilities at the same point tie; the API breaks ties by id, and so does this.
        .sort((a, b) => a.d - b.d || (String(a.id) < String(b.id) ? -1 : 1))
        .slice(0, 5)
      expect(rows.map((r) => r['id'])).toEqual(expected.map((e) => e.id))
      rows.forEach((r, i) => {
        expect(r['distance_m'] as number).toBeCloseTo(expected[i]!.d, 4)
        if (i > 0)
          expect(r['distance_m'] as number).toBeGreaterThanOrEqual(
            rows[i - 1]!['distance_m'] as number,
          )
      })
    })

    it('filters by category and open status, and hides unpublished rows from anon', async () => {
      const rows = await ctx.call<Row[]>('anon', 'nearest_facilities', {
        lon: 90.014,
        lat: 10.005,
        category: 'canteen',
        limit_n: 100,
      })
      expect(
        rows.every(
          (r) => r['category'] === 'canteen' && r['status'] === 'open' && r['published'] === true,
        ),
      ).toBe(true)
      expect(rows.map((r) => r['id'])).not.toContain(FACILITY.unpublishedB)
      const admin = await ctx.call<Row[]>('admin', 'nearest_facilities', {
        lon: 90.014,
        lat: 10.005,
        category: 'canteen',
        limit_n: 1,
      })
      expect(admin.map((r) => [r['id'], r['distance_m']])).toEqual([[FACILITY.unpublishedB, 0]])
    })

    it('can use the GiST index on the earth point', async () => {
      const plan = await ctx.runner.exclusive(async (ex) => {
        await ex.exec('begin; set local enable_seqscan = off')
        try {
          const r = await ex.query(
            `explain select id from facilities
             order by private.earth_point(lat, lon) operator(extensions.<->) private.earth_point(10, 90) limit 5`,
          )
          return (r.rows as Row[]).map((x) => x['QUERY PLAN']).join('\n')
        } finally {
          await ex.exec('rollback')
        }
      })
      expect(plan).toContain('facilities_earth_idx')
    })

    it('rejects a query point out of range naming the argument', async () => {
      await expect(
        ctx.call('anon', 'nearest_facilities', { lon: 'NaN', lat: 10 }),
      ).rejects.toSatisfy(
        (e: unknown) => e instanceof DbError && e.code === '22023' && e.field === 'lon',
      )
    })
  })
})
