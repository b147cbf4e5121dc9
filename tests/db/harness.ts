/**
 * What every database test file shares: one fresh database per backend (schema + demo seed +
 * tests/db/fixture-seed.sql), the API called the way the app calls it (rpc-sql.ts: set local
 * role + JWT claims, as PostgREST does), and superuser SQL for arranging and checking rows.
 */
import { afterAll, beforeAll, expect } from 'vitest'
import { DbError } from '../../web/src/data/db.ts'
import { createRpcRunner } from '../../web/src/data/rpc-sql.ts'
import type { RpcRunner } from '../../web/src/data/rpc-sql.ts'
import { testSqlSources } from './backends.ts'
import type { Backend, OpenBackend } from './backends.ts'
import { COMMUNITY_A, COMMUNITY_B, claimsOf, pointIn } from './fixture.ts'
import type { Actor } from './fixture.ts'

export type Row = Record<string, unknown>
/** 42501 (not allowed) is 'forbidden', P0002 (not found / not visible) 'hidden'. */
export type Outcome = 'ok' | 'forbidden' | 'hidden'

export interface Ctx {
  call<T = Row[]>(
    actor: Actor | 'plannerOther',
    fn: string,
    args?: Record<string, unknown>,
  ): Promise<T>
  /** Superuser SQL outside any API role (arranging fixtures, checking what was stored). */
  sql(query: string, params?: unknown[]): Promise<Row[]>
  /** A fresh facility inside community A or B, inserted directly (version 1, one audit row). */
  newFacility(community: 'A' | 'B', extra?: Row): Promise<Row>
  /**
   * SQL run directly on the tables as an API role would through PostgREST (`set local role`,
   * `request.jwt.claims`), in a transaction that is always rolled back.
   */
  direct(
    actor: Actor | 'plannerOther' | 'service_role',
    query: string,
    params?: unknown[],
  ): Promise<Row[]>
  readonly runner: RpcRunner
  readonly backend: Backend['name']
}

let seq = 0
/** A name no other test uses. */
export const unique = (prefix: string): string =>
  `${prefix} ${++seq}-${Math.random().toString(36).slice(2, 8)}`
/** A small counter for spreading points over a community. */
export const nextSeq = (): number => ++seq

export async function attempt(work: Promise<unknown>): Promise<Outcome> {
  try {
    await work
    return 'ok'
  } catch (error) {
    if (error instanceof DbError && error.code === '42501') return 'forbidden'
    if (error instanceof DbError && error.code === 'P0002') return 'hidden'
    throw error
  }
}

/** The error a promise rejects with, as a DbError (fails the test when it resolves). */
export async function failure(work: Promise<unknown>): Promise<DbError> {
  const { toDbError } = await import('../../web/src/data/rpc-sql.ts')
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error, 'expected an error').not.toBeNull()
  return toDbError(error)
}

export async function facilityState(
  ctx: Ctx,
  id: unknown,
): Promise<{ version: number; name: string; status: string; audits: number }> {
  const [row] = await ctx.sql(
    `select f.version, f.name, f.status, (select count(*)::int from facility_changes c where c.facility_id = f.id) as audits
     from facilities f where f.id = $1`,
    [id],
  )
  return row as { version: number; name: string; status: string; audits: number }
}

/**
 * Open the backend before the file's tests and close it after; the returned context is
 * usable inside tests (not at collection time).
 */
export function useDatabase(backend: Backend, label: string): Ctx {
  let open: OpenBackend | null = null
  let runner: RpcRunner | null = null
  let started = 0
  const need = (): RpcRunner => {
    if (!runner) throw new Error('database not open yet')
    return runner
  }

  const ctx: Ctx = {
    call: (actor, fn, args) => need().call(fn, args, claimsOf(actor)),
    sql: (query, params) =>
      need()
        .exclusive((ex) => ex.query(query, params))
        .then((r) => r.rows as Row[]),
    async newFacility(community, extra = {}) {
      const p = pointIn(community, nextSeq())
      const [row] = await ctx.sql(
        `insert into facilities (category, name, lon, lat, hours)
         values ($1, $2, $3, $4, '08:00-20:00') returning id, name, version, community_id`,
        [extra['category'] ?? 'canteen', extra['name'] ?? unique('测试设施'), p.lon, p.lat],
      )
      expect(row!['community_id']).toBe(community === 'A' ? COMMUNITY_A : COMMUNITY_B)
      return row!
    },
    direct: (actor, query, params) =>
      need().exclusive(async (ex) => {
        const claims = actor === 'service_role' ? { role: 'service_role' } : claimsOf(actor)
        await ex.exec(`begin; set local role ${claims.role}`)
        try {
          await ex.query(`select set_config('request.jwt.claims', $1, true)`, [
            JSON.stringify(claims),
          ])
          return (await ex.query(query, params)).rows as Row[]
        } finally {
          await ex.exec('rollback')
        }
      }),
    get runner() {
      return need()
    },
    backend: backend.name,
  }

  beforeAll(async () => {
    started = performance.now()
    open = await backend.prepare(testSqlSources())
    runner = createRpcRunner(open.executor)
  })

  afterAll(async () => {
    await open?.close()
    console.log(`${label} on ${backend.name}: ${Math.round(performance.now() - started)} ms wall`)
  })

  return ctx
}
