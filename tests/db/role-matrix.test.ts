/**
 * The ACTIONS x ACTORS table: every API action tried by every actor (anonymous, resident,
 * worker of A, worker of B, planner, admin), checking what is denied as well as what is
 * allowed, and the rows left behind either way.
 */
import { describe, expect, it } from 'vitest'
import { testBackends } from './backends.ts'
import { ACTORS, COMMUNITY_A, COMMUNITY_B, FACILITY, USERS, pointIn } from './fixture.ts'
import type { Actor } from './fixture.ts'
import { attempt, facilityState, nextSeq, unique, useDatabase } from './harness.ts'
import type { Ctx, Outcome, Row } from './harness.ts'

interface Action {
  name: string
  /** Who may do it; everyone else gets `denied` (or the per-actor outcome). */
  allowed: readonly Actor[]
  denied: Outcome | Partial<Record<Actor, Outcome>>
  run(ctx: Ctx, actor: Actor): Promise<Outcome>
}

function insertAction(community: 'A' | 'B'): Action {
  return {
    name: `add a facility in community ${community}`,
    allowed: community === 'A' ? ['workerA', 'admin'] : ['workerB', 'admin'],
    denied: 'forbidden',
    async run(ctx, actor) {
      const name = unique(`新便利店 ${actor}`)
      const outcome = await attempt(
        ctx.call(actor, 'save_facility', {
          facility: { category: 'store', name, ...pointIn(community, nextSeq()) },
        }),
      )
      const rows = await ctx.sql('select community_id, version from facilities where name = $1', [
        name,
      ])
      if (outcome === 'ok') {
        expect(rows).toEqual([
          { community_id: community === 'A' ? COMMUNITY_A : COMMUNITY_B, version: 1 },
        ])
      } else {
        expect(rows).toEqual([])
      }
      return outcome
    },
  }
}

/** Update (rename) or close a fresh facility of a community, checking the row afterwards. */
function writeAction(kind: 'update' | 'close', community: 'A' | 'B'): Action {
  return {
    name: `${kind} a facility of community ${community}`,
    allowed: community === 'A' ? ['workerA', 'admin'] : ['workerB', 'admin'],
    denied: 'forbidden',
    async run(ctx, actor) {
      const f = await ctx.newFacility(community)
      const name = kind === 'update' ? unique('改名') : f['name']
      const outcome = await attempt(
        kind === 'update'
          ? ctx.call(actor, 'save_facility', {
              facility: { id: f['id'], name },
              expected_version: 1,
            })
          : ctx.call(actor, 'close_facility', {
              facility_id: f['id'],
              expected_version: 1,
              reason: '租约到期',
            }),
      )
      const after = await facilityState(ctx, f['id'])
      expect(after).toEqual(
        outcome === 'ok'
          ? { version: 2, name, status: kind === 'close' ? 'closed' : 'open', audits: 2 }
          : { version: 1, name: f['name'], status: 'open', audits: 1 },
      )
      return outcome
    },
  }
}

async function scenarioOf(ctx: Ctx, shared: boolean): Promise<Row> {
  const [row] = await ctx.sql(
    `insert into scenarios (owner, name, body, shared) values ($1, $2, '{"added": []}', $3) returning id, name`,
    [USERS.plannerOther.id, unique('他人的方案'), shared],
  )
  return row!
}

function readScenarioAction(shared: boolean): Action {
  return {
    name: `read another planner's ${shared ? 'shared' : 'private'} scenario`,
    allowed: shared ? ['planner', 'admin'] : [],
    denied: {
      anon: 'forbidden',
      resident: 'forbidden',
      workerA: 'forbidden',
      workerB: 'forbidden',
      planner: 'hidden',
      admin: 'hidden',
    },
    async run(ctx, actor) {
      const s = await scenarioOf(ctx, shared)
      let rows: Row[] = []
      const outcome = await attempt(
        ctx.call<Row[]>(actor, 'list_scenarios').then((r) => (rows = r)),
      )
      if (outcome !== 'ok') return outcome
      return rows.some((r) => r['id'] === s['id']) ? 'ok' : 'hidden'
    },
  }
}

function writeScenarioAction(shared: boolean): Action {
  return {
    name: `change another planner's ${shared ? 'shared' : 'private'} scenario`,
    allowed: [],
    denied: shared
      ? 'forbidden'
      : {
          anon: 'forbidden',
          resident: 'forbidden',
          workerA: 'forbidden',
          workerB: 'forbidden',
          planner: 'hidden',
          admin: 'hidden',
        },
    async run(ctx, actor) {
      const s = await scenarioOf(ctx, shared)
      const outcome = await attempt(
        ctx.call(actor, 'save_scenario', {
          scenario_id: s['id'],
          name: 'hijacked',
          body: {},
          shared: true,
        }),
      )
      const [after] = await ctx.sql('select name, shared, owner from scenarios where id = $1', [
        s['id'],
      ])
      if (outcome !== 'ok')
        expect(after).toEqual({ name: s['name'], shared, owner: USERS.plannerOther.id })
      return outcome
    },
  }
}

const ACTIONS: Action[] = [
  {
    name: 'read a published facility',
    allowed: ACTORS,
    denied: 'hidden',
    async run(ctx, actor) {
      const rows = await ctx.call<Row[]>(actor, 'get_facility', { facility_id: FACILITY.canteenA })
      return rows.length === 1 && rows[0]!['id'] === FACILITY.canteenA ? 'ok' : 'hidden'
    },
  },
  {
    name: 'read an unpublished facility of community A',
    allowed: ['workerA', 'planner', 'admin'],
    denied: 'hidden',
    async run(ctx, actor) {
      const one = await ctx.call<Row[]>(actor, 'get_facility', {
        facility_id: FACILITY.unpublishedA,
      })
      const box = await ctx.call<Row[]>(actor, 'facilities_in_bbox', {
        min_lon: 90,
        min_lat: 10,
        max_lon: 90.02,
        max_lat: 10.01,
      })
      const inBox = box.some((r) => r['id'] === FACILITY.unpublishedA)
      // The single-row read and the map's bbox read must agree on visibility.
      expect(inBox).toBe(one.length === 1)
      return one.length === 1 ? 'ok' : 'hidden'
    },
  },
  insertAction('A'),
  insertAction('B'),
  writeAction('update', 'A'),
  writeAction('update', 'B'),
  writeAction('close', 'A'),
  writeAction('close', 'B'),
  {
    name: 'read the audit of a facility of community A',
    allowed: ['workerA', 'planner', 'admin'],
    denied: 'forbidden',
    async run(ctx, actor) {
      let rows: Row[] = []
      const outcome = await attempt(
        ctx
          .call<Row[]>(actor, 'facility_history', { facility_id: FACILITY.canteenA })
          .then((r) => (rows = r)),
      )
      if (outcome === 'ok') expect(rows.map((r) => r['action'])).toContain('insert')
      return outcome
    },
  },
  {
    name: 'submit feedback on a published facility',
    allowed: ACTORS,
    denied: 'forbidden',
    async run(ctx, actor) {
      const comment = unique('反馈')
      let id: unknown = null
      const outcome = await attempt(
        ctx
          .call<string>(actor, 'submit_feedback', {
            facility_id: FACILITY.storeB,
            kind: 'rating',
            rating: 4,
            comment,
            client_token: 'role-matrix-browser-0001',
          })
          .then((r) => (id = r)),
      )
      const rows = await ctx.sql('select id, author, rating from feedback where comment = $1', [
        comment,
      ])
      if (outcome === 'ok') {
        expect(rows).toEqual([{ id, author: actor === 'anon' ? null : USERS[actor].id, rating: 4 }])
      } else {
        expect(rows).toEqual([])
      }
      return outcome
    },
  },
  {
    name: 'triage feedback on a facility of community A',
    allowed: ['workerA', 'admin'],
    // Those who cannot read the report are told it does not exist.
    denied: { anon: 'forbidden', resident: 'hidden', workerB: 'hidden', planner: 'forbidden' },
    async run(ctx, actor) {
      const [fb] = await ctx.sql(
        `insert into feedback (facility_id, kind, comment) values ($1, 'wrong_info', $2) returning id`,
        [FACILITY.canteenA, unique('电话错了')],
      )
      const outcome = await attempt(
        ctx.call(actor, 'triage_feedback', {
          feedback_id: fb!['id'],
          status: 'accepted',
          note: '已核实',
        }),
      )
      const [after] = await ctx.sql('select status, triaged_by from feedback where id = $1', [
        fb!['id'],
      ])
      expect(after).toEqual(
        outcome === 'ok'
          ? { status: 'accepted', triaged_by: USERS[actor as 'workerA'].id }
          : { status: 'new', triaged_by: null },
      )
      return outcome
    },
  },
  readScenarioAction(false),
  readScenarioAction(true),
  writeScenarioAction(false),
  writeScenarioAction(true),
  {
    name: 'save a scenario of their own',
    allowed: ['planner', 'admin'],
    denied: 'forbidden',
    async run(ctx, actor) {
      const name = unique('我的方案')
      const outcome = await attempt(ctx.call(actor, 'save_scenario', { name, body: { added: [] } }))
      const rows = await ctx.sql('select owner from scenarios where name = $1', [name])
      expect(rows).toEqual(outcome === 'ok' ? [{ owner: USERS[actor as 'planner'].id }] : [])
      return outcome
    },
  },
  {
    name: 'list the feedback of community A',
    allowed: ['workerA', 'planner', 'admin'],
    denied: { anon: 'forbidden', resident: 'hidden', workerB: 'hidden' },
    async run(ctx, actor) {
      const comment = unique('列表反馈')
      await ctx.sql(`insert into feedback (facility_id, kind, comment) values ($1, 'other', $2)`, [
        FACILITY.canteenA,
        comment,
      ])
      let rows: Row[] = []
      const outcome = await attempt(
        ctx
          .call<Row[]>(actor, 'list_feedback', { community_id: COMMUNITY_A })
          .then((r) => (rows = r)),
      )
      if (outcome !== 'ok') return outcome
      const mine = rows.find((r) => r['comment'] === comment)
      if (mine)
        expect(mine).toMatchObject({
          facility_name: '甲社区长者食堂',
          community_id: COMMUNITY_A,
          status: 'new',
        })
      return mine ? 'ok' : 'hidden'
    },
  },
  {
    name: 'assign a worker to a community',
    allowed: ['admin'],
    denied: 'forbidden',
    async run(ctx, actor) {
      const [user] = await ctx.sql('insert into auth.users (email) values ($1) returning id', [
        `${unique('w').replace(/\W/g, '')}@test.lifecircle`,
      ])
      const outcome = await attempt(
        ctx.call(actor, 'assign_community', { user_id: user!['id'], community_id: COMMUNITY_B }),
      )
      const rows = await ctx.sql(
        'select community_id from community_assignments where user_id = $1',
        [user!['id']],
      )
      expect(rows).toEqual(outcome === 'ok' ? [{ community_id: COMMUNITY_B }] : [])
      return outcome
    },
  },
  {
    name: "change a user's role",
    allowed: ['admin'],
    denied: 'forbidden',
    async run(ctx, actor) {
      const [user] = await ctx.sql('insert into auth.users (email) values ($1) returning id', [
        `${unique('u').replace(/\W/g, '')}@test.lifecircle`,
      ])
      const outcome = await attempt(
        ctx.call(actor, 'set_user_role', { user_id: user!['id'], role: 'planner' }),
      )
      const rows = await ctx.sql('select role from profiles where user_id = $1', [user!['id']])
      expect(rows).toEqual(outcome === 'ok' ? [{ role: 'planner' }] : [])
      return outcome
    },
  },
]

function expectedOutcome(action: Action, actor: Actor): Outcome {
  if (action.allowed.includes(actor)) return 'ok'
  return typeof action.denied === 'string' ? action.denied : (action.denied[actor] ?? 'forbidden')
}

const MATRIX = ACTIONS.flatMap((action) =>
  ACTORS.map((actor) => ({
    action: action.name,
    actor,
    expected: expectedOutcome(action, actor),
    run: action.run,
  })),
)
const allowedCount = MATRIX.filter((c) => c.expected === 'ok').length
console.log(
  `role matrix: ${allowedCount} allowed, ${MATRIX.length - allowedCount} denied (${ACTIONS.length} actions x ${ACTORS.length} actors)`,
)

describe.each(testBackends())('role matrix on $name', (backend) => {
  const ctx = useDatabase(backend, 'role matrix')

  describe('role matrix', () => {
    it.each(MATRIX)('$actor: $action → $expected', async ({ actor, run, expected }) => {
      expect(await run(ctx, actor)).toBe(expected)
    })

    it('reports who is signed in', async () => {
      expect(await ctx.call('anon', 'my_profile')).toEqual({ role: 'anon' })
      const a = await ctx.call<Row>('workerA', 'my_profile')
      expect(a).toMatchObject({
        user_id: USERS.workerA.id,
        role: 'worker',
        communities: [COMMUNITY_A],
      })
      const stranger = await ctx.sql(`insert into auth.users (email) values ($1) returning id`, [
        `${Date.now()}-x@test.lifecircle`,
      ])
      const claims = {
        role: 'authenticated' as const,
        sub: String(stranger[0]!['id']),
        email: null,
      }
      // A signed-in user without a profile row is a resident.
      expect(await ctx.runner.call('my_profile', {}, claims)).toMatchObject({
        role: 'resident',
        communities: [],
      })
    })
  })
})
