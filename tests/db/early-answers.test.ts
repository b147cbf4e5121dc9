/**
 * The early answers a first visit draws from (web/src/data/early-answers.ts) are the database's
 * own: what the build computes from the database image, filtered in the page, equals what
 * `facilities_in_bbox` and the list functions answer an anonymous caller for any box and
 * categories (fast-check, seed printed by the run).
 */
import { PGlite } from '@electric-sql/pglite'
import { cube } from '@electric-sql/pglite/contrib/cube'
import { earthdistance } from '@electric-sql/pglite/contrib/earthdistance'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { publicAnswers, readSqlSources } from '../../scripts/build-db-image.ts'
import {
  answerEarly,
  publicAnswersFrom,
  type PublicAnswers,
} from '../../web/src/data/early-answers.ts'
import { ANON_CLAIMS, createRpcRunner, type RpcRunner } from '../../web/src/data/rpc-sql.ts'
import { applySqlSources } from '../../web/src/data/schema-sql-apply.ts'

describe('early answers on the demo city', () => {
  let pg: PGlite
  let runner: RpcRunner
  let answers: PublicAnswers
  let bounds: { lon: [number, number]; lat: [number, number]; categories: string[] }

  beforeAll(async () => {
    pg = await PGlite.create({ extensions: { cube, earthdistance } })
    await applySqlSources(pg, readSqlSources())
    runner = createRpcRunner(pg)
    // As the build writes them and the page reads them: through JSON.
    answers = publicAnswersFrom(JSON.parse(JSON.stringify(await publicAnswers(pg))))!
    const rows = answers.facilities as { lon: number; lat: number; category: string }[]
    const lons = rows.map((r) => r.lon)
    const lats = rows.map((r) => r.lat)
    bounds = {
      lon: [Math.min(...lons) - 0.01, Math.max(...lons) + 0.01],
      lat: [Math.min(...lats) - 0.01, Math.max(...lats) + 0.01],
      categories: [...new Set(rows.map((r) => r.category))].sort(),
    }
  }, 120_000)

  afterAll(async () => {
    await pg?.close()
  })

  const anon = (fn: string, args: Record<string, unknown> = {}) =>
    runner.call<unknown[]>(fn, args, ANON_CLAIMS)

  it('hold the demo city, and only what an anonymous caller sees', async () => {
    expect(answers.facilities.length).toBeGreaterThan(100)
    expect(answers.list_communities.length).toBeGreaterThan(10)
    expect(bounds.categories.length).toBeGreaterThanOrEqual(4)
    const hidden = await pg.query<{ n: number }>(
      'select count(*)::int as n from public.facilities where not published or deleted_at is not null',
    )
    const all = await pg.query<{ n: number }>('select count(*)::int as n from public.facilities')
    expect(answers.facilities.length).toBe(all.rows[0]!.n - hidden.rows[0]!.n)
  })

  it('answer the list functions exactly as the database does', async () => {
    expect(answerEarly(answers, 'list_categories')).toEqual(await anon('list_categories'))
    expect(answerEarly(answers, 'list_communities')).toEqual(await anon('list_communities'))
  })

  it('answer facilities_in_bbox as the database does, for any box and categories', async () => {
    const coordinate = (range: [number, number]) =>
      fc.double({ min: range[0], max: range[1], noNaN: true })
    await fc.assert(
      fc.asyncProperty(
        coordinate(bounds.lon),
        coordinate(bounds.lon),
        coordinate(bounds.lat),
        coordinate(bounds.lat),
        fc.option(fc.subarray(bounds.categories), { nil: undefined }),
        async (lonA, lonB, latA, latB, categories) => {
          const args: Record<string, unknown> = {
            min_lon: Math.min(lonA, lonB),
            max_lon: Math.max(lonA, lonB),
            min_lat: Math.min(latA, latB),
            max_lat: Math.max(latA, latB),
            ...(categories ? { categories } : {}),
          }
          expect(answerEarly(answers, 'facilities_in_bbox', args)).toEqual(
            await anon('facilities_in_bbox', args),
          )
        },
      ),
      { numRuns: 60 },
    )
  }, 120_000)

  it('include facilities on the box edge, as the database does', async () => {
    const rows = answers.facilities as { lon: number; lat: number }[]
    await fc.assert(
      fc.asyncProperty(fc.nat(rows.length - 1), fc.nat(rows.length - 1), async (i, j) => {
        const a = rows[i]!
        const b = rows[j]!
        const args = {
          min_lon: Math.min(a.lon, b.lon),
          max_lon: Math.max(a.lon, b.lon),
          min_lat: Math.min(a.lat, b.lat),
          max_lat: Math.max(a.lat, b.lat),
        }
        const early = answerEarly(answers, 'facilities_in_bbox', args)!
        expect(early).toEqual(await anon('facilities_in_bbox', args))
        expect(early).toContainEqual(a)
      }),
      { numRuns: 30 },
    )
  }, 120_000)

  it('leave everything else to the database', () => {
    expect(answerEarly(answers, 'nearest_facilities', { lon: 121, lat: 31 })).toBeUndefined()
    expect(answerEarly(answers, 'list_communities', { extra: 1 })).toBeUndefined()
    expect(answerEarly(answers, 'facilities_in_bbox', { min_lon: 'x' })).toBeUndefined()
    expect(
      answerEarly(answers, 'facilities_in_bbox', {
        min_lon: 0,
        min_lat: 0,
        max_lon: 1,
        max_lat: 1,
        categories: 'store',
      }),
    ).toBeUndefined()
  })

  it('are fresh copies: changing one does not change the next', () => {
    const first = answerEarly(answers, 'list_categories') as Record<string, unknown>[]
    first[0]!['code'] = 'changed'
    expect(
      (answerEarly(answers, 'list_categories') as Record<string, unknown>[])[0]!['code'],
    ).not.toBe('changed')
  })
})
