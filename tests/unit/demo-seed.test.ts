import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { cube } from '@electric-sql/pglite/contrib/cube'
import { earthdistance } from '@electric-sql/pglite/contrib/earthdistance'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_SEED, generateDemoCity } from '../../scripts/lib/demo-city.ts'
import { applySqlSources, schemaSources } from '../../web/src/data/schema-sql.ts'

// The committed seed applied on top of the real migrations, in PGlite: a column or constraint
// mismatch between the generator and the schema fails here.
const root = join(import.meta.dirname, '..', '..')
const city = generateDemoCity(DEFAULT_SEED)
let db: PGlite

async function one<T>(sql: string, params: unknown[] = []): Promise<T> {
  const { rows } = await db.query<T>(sql, params)
  return rows[0] as T
}

beforeAll(async () => {
  db = await PGlite.create({ extensions: { cube, earthdistance } })
  const seed = readFileSync(join(root, 'supabase/seed.sql'), 'utf8')
  await applySqlSources(db, [...schemaSources(), { name: 'seed.sql', kind: 'seed', sql: seed }])
})

afterAll(async () => {
  await db?.close()
})

describe('supabase/seed.sql on the migrations', () => {
  it('loads one row per community, facility, user, profile and assignment', async () => {
    const counts = await one<Record<string, number>>(`select
      (select count(*)::int from public.communities) as communities,
      (select count(*)::int from public.facilities) as facilities,
      (select count(*)::int from auth.users) as users,
      (select count(*)::int from public.profiles) as profiles,
      (select count(*)::int from public.community_assignments) as assignments`)
    expect(counts).toEqual({
      communities: city.communities.features.length,
      facilities: city.facilities.features.length,
      users: 5,
      profiles: 5,
      assignments: 4,
    })
  })

  it("assigns every facility to the same community as the database's own point-in-polygon", async () => {
    const { mismatched, unassigned } = await one<{ mismatched: number; unassigned: number }>(
      `select count(*) filter (where f.community_id is distinct from private.community_at(f.lon, f.lat))::int as mismatched,
              count(*) filter (where f.community_id is null)::int as unassigned
       from public.facilities f`,
    )
    expect({ mismatched, unassigned }).toEqual({ mismatched: 0, unassigned: 0 })
    const noBbox = await one<{ n: number }>(
      'select count(*)::int as n from public.communities where min_lon is null or max_lat is null',
    )
    expect(noBbox.n).toBe(0)
  })

  it('gives the demo users their roles and the workers two communities each', async () => {
    const { rows } = await db.query<{ email: string; role: string; n: number }>(
      `select u.email, p.role, count(a.community_id)::int as n
       from auth.users u join public.profiles p on p.user_id = u.id
       left join public.community_assignments a on a.user_id = u.id
       group by u.email, p.role order by u.email`,
    )
    expect(rows).toEqual([
      { email: 'admin@demo.lifecircle', role: 'admin', n: 0 },
      { email: 'planner@demo.lifecircle', role: 'planner', n: 0 },
      { email: 'resident@demo.lifecircle', role: 'resident', n: 0 },
      { email: 'worker.a@demo.lifecircle', role: 'worker', n: 2 },
      { email: 'worker.b@demo.lifecircle', role: 'worker', n: 2 },
    ])
  })

  it('keeps the under-served communities under-served through nearest_facilities', async () => {
    for (const u of city.meta.under_served) {
      for (const category of u.lacks) {
        const nearest = await one<{ distance_m: number }>(
          `select distance_m from public.nearest_facilities(lon => $1, lat => $2, category => $3,
             limit_n => 1, only_open => false)`,
          [u.centroid[0], u.centroid[1], category],
        )
        expect(nearest.distance_m, `${u.name} ${category}`).toBeGreaterThan(1000)
      }
    }
  })
})
