/**
 * list_people: the admin's list of users with role and assigned communities; nobody else may
 * read it. Changes made with set_user_role / assign_community show up in it.
 */
import { describe, expect, it } from 'vitest'
import { testBackends } from './backends.ts'
import { ACTORS, COMMUNITY_A, COMMUNITY_B, USERS } from './fixture.ts'
import { attempt, useDatabase } from './harness.ts'
import type { Row } from './harness.ts'

describe.each(testBackends())('people on $name', (backend) => {
  const ctx = useDatabase(backend, 'people')

  it('is for admins only', async () => {
    const outcomes = Object.fromEntries(
      await Promise.all(
        ACTORS.map(async (a) => [a, await attempt(ctx.call(a, 'list_people'))] as const),
      ),
    )
    expect(outcomes).toEqual({
      anon: 'forbidden',
      resident: 'forbidden',
      workerA: 'forbidden',
      workerB: 'forbidden',
      planner: 'forbidden',
      admin: 'ok',
    })
  })

  it('lists every user with role and communities, and follows role and assignment changes', async () => {
    const before = await ctx.call<Row[]>('admin', 'list_people')
    const workerA = before.find((p) => p['user_id'] === USERS.workerA.id)
    expect(workerA).toMatchObject({ email: USERS.workerA.email, role: 'worker' })
    expect(workerA!['communities']).toContain(COMMUNITY_A)
    expect(workerA!['communities']).not.toContain(COMMUNITY_B)
    expect(before.map((p) => p['user_id'])).toEqual(
      expect.arrayContaining(Object.values(USERS).map((u) => u.id)),
    )

    await ctx.call('admin', 'set_user_role', { user_id: USERS.resident.id, role: 'worker' })
    await ctx.call('admin', 'assign_community', {
      user_id: USERS.resident.id,
      community_id: COMMUNITY_B,
    })
    const after = await ctx.call<Row[]>('admin', 'list_people')
    expect(after.find((p) => p['user_id'] === USERS.resident.id)).toMatchObject({
      role: 'worker',
      communities: [COMMUNITY_B],
    })
    await ctx.call('admin', 'assign_community', {
      user_id: USERS.resident.id,
      community_id: COMMUNITY_B,
      assigned: false,
    })
    await ctx.call('admin', 'set_user_role', { user_id: USERS.resident.id, role: 'resident' })
    const restored = await ctx.call<Row[]>('admin', 'list_people')
    expect(restored.find((p) => p['user_id'] === USERS.resident.id)).toMatchObject({
      role: 'resident',
      communities: [],
    })
  })
})
