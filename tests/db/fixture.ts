/** Ids and actors of tests/db/fixture-seed.sql. */
import { ANON_CLAIMS, userClaims } from '../../web/src/data/rpc-sql.ts'
import type { JwtClaims } from '../../web/src/data/rpc-sql.ts'

export const COMMUNITY_A = '00000000-0000-4000-8000-00000000c0a1'
export const COMMUNITY_B = '00000000-0000-4000-8000-00000000c0b2'

export const FACILITY = {
  canteenA: '00000000-0000-4000-8000-0000000f0001',
  storeA: '00000000-0000-4000-8000-0000000f0002',
  unpublishedA: '00000000-0000-4000-8000-0000000f0003',
  fitnessB: '00000000-0000-4000-8000-0000000f0004',
  storeB: '00000000-0000-4000-8000-0000000f0005',
  unpublishedB: '00000000-0000-4000-8000-0000000f0006',
} as const

export const USERS = {
  resident: { id: '00000000-0000-4000-8000-0000000a0001', email: 'resident@test.lifecircle' },
  workerA: { id: '00000000-0000-4000-8000-0000000a0002', email: 'worker.a@test.lifecircle' },
  workerB: { id: '00000000-0000-4000-8000-0000000a0003', email: 'worker.b@test.lifecircle' },
  planner: { id: '00000000-0000-4000-8000-0000000a0004', email: 'planner@test.lifecircle' },
  plannerOther: {
    id: '00000000-0000-4000-8000-0000000a0005',
    email: 'planner.other@test.lifecircle',
  },
  admin: { id: '00000000-0000-4000-8000-0000000a0006', email: 'admin@test.lifecircle' },
} as const

export type Actor = 'anon' | 'resident' | 'workerA' | 'workerB' | 'planner' | 'admin'
export const ACTORS: readonly Actor[] = [
  'anon',
  'resident',
  'workerA',
  'workerB',
  'planner',
  'admin',
]

export function claimsOf(actor: Actor | 'plannerOther'): JwtClaims {
  if (actor === 'anon') return ANON_CLAIMS
  const u = USERS[actor]
  return userClaims(u.id, u.email)
}

/** A point well inside community A or B (B's hole and every edge avoided). */
export function pointIn(community: 'A' | 'B', seq: number): { lon: number; lat: number } {
  const step = (seq % 97) / 97
  return community === 'A'
    ? { lon: 90.001 + 0.008 * step, lat: 10.001 + 0.004 * step }
    : { lon: 90.011 + 0.004 * step, lat: 10.001 + 0.004 * step }
}

/** Great-circle metres on a sphere of R = 6,371,008.8 m (the API's convention). */
export function haversineM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const R = 6371008.8
  const rad = Math.PI / 180
  const dLat = (lat2 - lat1) * rad
  const dLon = (lon2 - lon1) * rad
  const a =
    Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2
  return 2 * R * Math.asin(Math.sqrt(a))
}
