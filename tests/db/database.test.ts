/**
 * The database suite: schema, role matrix, optimistic concurrency, audit, constraints and
 * proximity, all through the same RPC path the app uses (rpc-sql.ts: set local role + JWT
 * claims, as PostgREST does). Runs on PGlite always and on DATABASE_URL when set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DbError } from '../../web/src/data/db.ts'
import { createRpcRunner } from '../../web/src/data/rpc-sql.ts'
import type { RpcRunner } from '../../web/src/data/rpc-sql.ts'
import { applySqlSources } from '../../web/src/data/schema-sql.ts'
import { testBackends, testSqlSources } from './backends.ts'
import type { OpenBackend } from './backends.ts'
import {
  ACTORS,
  COMMUNITY_A,
  COMMUNITY_B,
  FACILITY,
  USERS,
  claimsOf,
  haversineM,
  pointIn,
} from './fixture.ts'
import type { Actor } from './fixture.ts'

type Row = Record<string, unknown>
type Outcome = 'ok' | 'forbidden' | 'hidden'

interface Ctx {
  call<T = Row[]>(
    actor: Actor | 'plannerOther',
    fn: string,
    args?: Record<string, unknown>,
  ): Promise<T>
  sql(query: string, params?: unknown[]): Promise<Row[]>
  newFacility(community: 'A' | 'B', extra?: Row): Promise<Row>
}

let seq = 0
const unique = (prefix: string) => `${prefix} ${++seq}-${Math.random().toString(36).slice(2, 8)}`

/** 42501 (not allowed) becomes 'forbidden', P0002 (not found / not visible) 'hidden'. */
async function attempt(work: Promise<unknown>): Promise<Outcome> {
  try {
    await work
    return 'ok'
  } catch (error) {
    if (error instanceof DbError && error.code === '42501') return 'forbidden'
    if (error instanceof DbError && error.code === 'P0002') return 'hidden'
    throw error
  }
}

interface Action {
  name: string
  /** Who may do it; everyone else gets `denied` (or the per-actor outcome). */
  allowed: readonly Actor[]
  denied: Outcome | Partial<Record<Actor, Outcome>>
  run(ctx: Ctx, actor: Actor): Promise<Outcome>
}

async function facilityState(
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

function insertAction(community: 'A' | 'B'): Action {
  return {
    name: `add a facility in community ${community}`,
    allowed: community === 'A' ? ['workerA', 'admin'] : ['workerB', 'admin'],
    denied: 'forbidden',
    async run(ctx, actor) {
      const name = unique(`新便利店 ${actor}`)
      const outcome = await attempt(
        ctx.call(actor, 'save_facility', {
          facility: { category: 'store', name, ...pointIn(community, seq) },
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
    denied: 'forbidden',
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

describe.each(testBackends())('database on $name', (backend) => {
  let open: OpenBackend | null = null
  let runner: RpcRunner
  let started = 0

  const ctx: Ctx = {
    call: (actor, fn, args) => runner.call(fn, args, claimsOf(actor)),
    sql: (query, params) =>
      runner.exclusive((ex) => ex.query(query, params)).then((r) => r.rows as Row[]),
    async newFacility(community, extra = {}) {
      const p = pointIn(community, ++seq)
      const [row] = await ctx.sql(
        `insert into facilities (category, name, lon, lat, hours)
         values ($1, $2, $3, $4, '08:00-20:00') returning id, name, version, community_id`,
        [extra['category'] ?? 'canteen', extra['name'] ?? unique('测试设施'), p.lon, p.lat],
      )
      expect(row!['community_id']).toBe(community === 'A' ? COMMUNITY_A : COMMUNITY_B)
      return row!
    },
  }

  beforeAll(async () => {
    started = performance.now()
    open = await backend.open()
    await applySqlSources(open.executor, testSqlSources())
    runner = createRpcRunner(open.executor)
  })

  afterAll(async () => {
    await open?.close()
    console.log(`db suite on ${backend.name}: ${Math.round(performance.now() - started)} ms wall`)
  })

  describe('schema', () => {
    it('has row-level security enabled on every table in public', async () => {
      const tables = await ctx.sql(
        `select c.relname as name, c.relrowsecurity as rls
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`,
      )
      expect(tables.map((t) => t['name'])).toEqual(
        expect.arrayContaining([
          'categories',
          'communities',
          'community_assignments',
          'facilities',
          'facility_changes',
          'feedback',
          'profiles',
          'scenarios',
        ]),
      )
      const without = tables.filter((t) => t['rls'] !== true).map((t) => t['name'])
      expect(without, `tables without row-level security: ${without.join(', ')}`).toEqual([])
    })

    it('gives every table in public at least one policy, each for one command and named roles', async () => {
      const rows = await ctx.sql(
        `select t.tablename as name, count(p.policyname)::int as policies,
                count(*) filter (where p.cmd = 'ALL' or 'public' = any (p.roles))::int as loose
         from pg_tables t left join pg_policies p on p.schemaname = t.schemaname and p.tablename = t.tablename
         where t.schemaname = 'public' group by 1 order by 1`,
      )
      expect(rows.filter((r) => r['policies'] === 0).map((r) => r['name'])).toEqual([])
      expect(rows.filter((r) => r['loose'] !== 0).map((r) => r['name'])).toEqual([])
    })

    it('lets no function in public or private be executed by PUBLIC', async () => {
      const rows = await ctx.sql(
        `select n.nspname || '.' || p.proname as name
         from pg_proc p join pg_namespace n on n.oid = p.pronamespace
         where n.nspname in ('public', 'private')
           and (p.proacl is null or exists (
             select 1 from aclexplode(p.proacl) a where a.grantee = 0 and a.privilege_type = 'EXECUTE'))
         order by 1`,
      )
      expect(rows.map((r) => r['name'])).toEqual([])
    })

    it('never lets the API roles delete facilities or touch the audit', async () => {
      const [row] = await ctx.sql(
        `select has_table_privilege('anon', 'public.facilities', 'DELETE') as anon_delete,
                has_table_privilege('authenticated', 'public.facilities', 'DELETE') as auth_delete,
                has_table_privilege('authenticated', 'public.facility_changes', 'INSERT') as audit_insert,
                has_table_privilege('authenticated', 'public.facility_changes', 'UPDATE') as audit_update,
                has_function_privilege('anon', 'public.save_facility(jsonb, integer, text)', 'EXECUTE') as anon_save`,
      )
      expect(row).toEqual({
        anon_delete: false,
        auth_delete: false,
        audit_insert: false,
        audit_update: false,
        anon_save: false,
      })
    })

    it('keeps server-owned columns out of reach of direct table writes', async () => {
      const [row] = await ctx.sql(
        `select has_column_privilege('authenticated', 'public.facilities', 'version', 'UPDATE') as version,
                has_column_privilege('authenticated', 'public.facilities', 'created_by', 'INSERT') as created_by,
                has_column_privilege('authenticated', 'public.facilities', 'deleted_at', 'UPDATE') as deleted_at,
                has_column_privilege('authenticated', 'public.facilities', 'name', 'UPDATE') as name,
                has_column_privilege('authenticated', 'public.feedback', 'comment', 'UPDATE') as comment,
                has_column_privilege('anon', 'public.feedback', 'status', 'INSERT') as anon_status,
                has_column_privilege('authenticated', 'public.scenarios', 'owner', 'UPDATE') as owner,
                has_column_privilege('authenticated', 'public.profiles', 'user_id', 'UPDATE') as user_id`,
      )
      expect(row).toEqual({
        version: false,
        created_by: false,
        deleted_at: false,
        name: true,
        comment: false,
        anon_status: false,
        owner: false,
        user_id: false,
      })
    })

    it('keeps the audit append-only even for the table owner', async () => {
      await expect(
        ctx.sql('update facility_changes set reason = $1', ['rewrite history']),
      ).rejects.toThrow(/append-only/)
      await expect(ctx.sql('delete from facility_changes')).rejects.toThrow(/append-only/)
    })

    it('seeds the four categories with distinct colours', async () => {
      const rows = await ctx.call<Row[]>('anon', 'list_categories')
      expect(
        rows
          .slice(0, 4)
          .map((r) => [r['code'], r['name_zh'], r['target_group'], r['capacity_unit']]),
      ).toEqual([
        ['canteen', '老年食堂·助餐点', 'elderly', 'seats'],
        ['childcare', '托育点', 'infants', 'slots'],
        ['fitness', '健身点', 'all', 'm2'],
        ['store', '便利店', 'all', 'none'],
      ])
      expect(new Set(rows.map((r) => r['color'])).size).toBe(rows.length)
    })
  })

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
      const [inHole] = await ctx.sql(
        `insert into facilities (category, name, lon, lat) values ('store', $1, 90.017, 10.007) returning community_id`,
        [unique('洞里')],
      )
      expect(inHole!['community_id']).toBeNull()
      const [outside] = await ctx.sql(
        `insert into facilities (category, name, lon, lat) values ('store', $1, 90.03, 10.005) returning community_id`,
        [unique('界外')],
      )
      expect(outside!['community_id']).toBeNull()
    })
  })

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
      expect(await runner.call('my_profile', {}, claims)).toMatchObject({
        role: 'resident',
        communities: [],
      })
    })
  })

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

  describe('audit', () => {
    it('writes exactly one row per change with the right before/after, actor and reason', async () => {
      const audits = async (id: unknown) =>
        ctx.call<Row[]>('workerA', 'facility_history', { facility_id: id })
      const [created] = await ctx.call<Row[]>('workerA', 'save_facility', {
        facility: {
          category: 'childcare',
          name: '审计托育点',
          ...pointIn('A', 5),
          capacity: 12,
          hours: '07:30-17:30',
        },
        reason: '新开办',
      })
      expect(await audits(created!['id'])).toHaveLength(1)
      const [updated] = await ctx.call<Row[]>('workerA', 'save_facility', {
        facility: { id: created!['id'], capacity: 20 },
        expected_version: 1,
      })
      expect(await audits(created!['id'])).toHaveLength(2)
      const [verified] = await ctx.call<Row[]>('workerA', 'verify_facility', {
        facility_id: created!['id'],
        expected_version: 2,
      })
      expect(await audits(created!['id'])).toHaveLength(3)
      const [closed] = await ctx.call<Row[]>('workerA', 'close_facility', {
        facility_id: created!['id'],
        expected_version: 3,
        reason: '场地收回',
      })
      const history = await audits(created!['id'])
      expect(history.map((h) => [h['action'], h['reason'], h['actor']])).toEqual([
        ['insert', '新开办', USERS.workerA.id],
        ['update', null, USERS.workerA.id],
        ['update', 'verified', USERS.workerA.id],
        ['close', '场地收回', USERS.workerA.id],
      ])
      const states = [created, updated, verified, closed] as Row[]
      history.forEach((h, i) => {
        const after = h['after'] as Row
        expect(after).toMatchObject({
          id: created!['id'],
          version: i + 1,
          capacity: states[i]!['capacity'],
          status: states[i]!['status'],
        })
        // Each change's before is exactly the previous change's after.
        expect(h['before']).toEqual(i === 0 ? null : history[i - 1]!['after'])
      })
      expect((history[2]!['after'] as Row)['verified_by']).toBe(USERS.workerA.id)
      expect([updated!['capacity'], closed!['status']]).toEqual([20, 'closed'])
    })

    it('audits direct table writes too (no way around the trigger)', async () => {
      const f = await ctx.newFacility('B')
      await ctx.sql(`update facilities set phone = '021-1234 5678' where id = $1`, [f['id']])
      const rows = await ctx.sql(
        `select action, before->>'phone' as b, after->>'phone' as a from facility_changes where facility_id = $1 order by id`,
        [f['id']],
      )
      expect(rows).toEqual([
        { action: 'insert', b: null, a: null },
        { action: 'update', b: null, a: '021-1234 5678' },
      ])
    })
  })

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
      const plan = await runner.exclusive(async (ex) => {
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

  describe('the RPC path', () => {
    it('refuses unknown functions and arguments the way PostgREST does', async () => {
      for (const [fn, args] of [
        ['no_such_function', {}],
        ['get_facility', { facility_id: FACILITY.storeA, extra: 1 }],
        ['get_facility', {}],
        ['get_facility; drop table facilities', {}],
      ] as const) {
        await expect(ctx.call('anon', fn, args)).rejects.toSatisfy(
          (e: unknown) => e instanceof DbError && e.code === 'PGRST202',
        )
      }
      const [n] = await ctx.sql('select count(*)::int as n from facilities')
      expect(n!['n']).toBeGreaterThan(0)
    })

    it('cannot be talked into another role by the claims', async () => {
      await expect(
        runner.call('my_profile', {}, { role: 'service_role' as 'anon' }),
      ).rejects.toSatisfy((e: unknown) => e instanceof DbError && e.code === '42501')
    })
  })
})
