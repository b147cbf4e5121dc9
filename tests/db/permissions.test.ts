/**
 * The declared permission table (supabase/permissions.json) checked cell by cell against the
 * live database: every table x actor x select / insert / update / delete directly on the
 * tables, as PostgREST exposes them, and every API function x actor through a call. Each
 * probe runs in a transaction that is rolled back, so probes never see each other.
 */
import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { testBackends } from './backends.ts'
import { COMMUNITY_A, COMMUNITY_B, FACILITY, USERS, pointIn } from './fixture.ts'
import { useDatabase } from './harness.ts'
import type { Ctx } from './harness.ts'

type PermActor =
  'anon' | 'resident' | 'worker_own' | 'worker_other' | 'planner' | 'admin' | 'service_role'
type Op = 'select' | 'insert' | 'update' | 'delete'
type FnOutcome = 'ok' | 'denied' | 'hidden'

interface Permissions {
  actors: PermActor[]
  tables: Record<
    string,
    { kinds: Record<string, string> } & Record<Op, Record<PermActor, string[]>>
  >
  hidden_columns: Record<string, Record<string, string[]>>
  functions: Record<string, Record<PermActor, FnOutcome>>
}

const PERMISSIONS = JSON.parse(
  readFileSync(new URL('../../supabase/permissions.json', import.meta.url), 'utf8'),
) as Permissions
const OPS: Op[] = ['select', 'insert', 'update', 'delete']

const AS = {
  anon: 'anon',
  resident: 'resident',
  worker_own: 'workerA',
  worker_other: 'workerB',
  planner: 'planner',
  admin: 'admin',
  service_role: 'service_role',
} as const
const userOf = (a: PermActor): string | null =>
  a === 'anon' || a === 'service_role' ? null : USERS[AS[a]].id

// Rows every probe can find, made once per database.
const OTHER_WORKER = '00000000-0000-4000-8000-0000000a0099'
const SPARE_USER = '00000000-0000-4000-8000-0000000a0098'
const DELETED_A = '00000000-0000-4000-8000-0000000f0099'
const ANON_FEEDBACK = '00000000-0000-4000-8000-0000000fb001'
const SCENARIO_PRIVATE = '00000000-0000-4000-8000-00000005c001'
const SCENARIO_SHARED = '00000000-0000-4000-8000-00000005c002'
const EMPTY_COMMUNITY = '00000000-0000-4000-8000-00000000c0e3'

/** How a kind of row is found for an actor (null: the actor has no such row). */
type Locate = (a: PermActor) => { where: string; params: unknown[] } | null
const byId =
  (id: string): Locate =>
  () => ({ where: 'id = $1', params: [id] })

const KINDS: Record<string, Record<string, Locate>> = {
  categories: { any: () => ({ where: "code = 'unused'", params: [] }) },
  communities: { any: byId(EMPTY_COMMUNITY) },
  profiles: {
    own: (a) => (userOf(a) ? { where: 'user_id = $1', params: [userOf(a)] } : null),
    other: () => ({ where: 'user_id = $1', params: [USERS.plannerOther.id] }),
  },
  community_assignments: {
    own: (a) =>
      a === 'worker_own' || a === 'worker_other'
        ? { where: 'user_id = $1', params: [userOf(a)] }
        : null,
    other: () => ({ where: 'user_id = $1', params: [OTHER_WORKER] }),
  },
  facilities: {
    published: byId(FACILITY.canteenA),
    unpublished: byId(FACILITY.unpublishedA),
    deleted: byId(DELETED_A),
  },
  facility_changes: {
    any: () => ({ where: 'facility_id = $1', params: [FACILITY.canteenA] }),
  },
  feedback: {
    anonymous: byId(ANON_FEEDBACK),
    own: (a) => (userOf(a) ? { where: 'author = $1', params: [userOf(a)] } : null),
  },
  scenarios: {
    own: (a) => (userOf(a) ? { where: 'owner = $1', params: [userOf(a)] } : null),
    other_private: byId(SCENARIO_PRIVATE),
    other_shared: byId(SCENARIO_SHARED),
  },
}

/** A harmless update of each table (a column set to itself). */
const TOUCH: Record<string, string> = {
  categories: 'name_en = name_en',
  communities: 'name = name',
  profiles: 'display_name = display_name',
  community_assignments: 'created_at = created_at',
  facilities: 'name = name',
  facility_changes: 'reason = reason',
  feedback: 'status = status',
  scenarios: 'name = name',
}

/** A valid new row of each kind, as the actor would insert it (null: not applicable). */
const INSERT: Record<string, Record<string, (a: PermActor) => [string, unknown[]] | null>> = {
  categories: {
    any: () => [
      `insert into categories (code, name_zh, name_en, color, icon) values ('probe', '探针', 'Probe', '#123456', 'probe')`,
      [],
    ],
  },
  communities: {
    any: () => [
      `insert into communities (name, boundary) values ('探针社区', '{"type":"Polygon","coordinates":[[[91,11],[91.01,11],[91.01,11.01],[91,11]]]}')`,
      [],
    ],
  },
  profiles: {
    own: () => null,
    other: () => [`insert into profiles (user_id, role) values ($1, 'resident')`, [SPARE_USER]],
  },
  community_assignments: {
    own: () => null,
    other: () => [
      `insert into community_assignments (user_id, community_id) values ($1, $2)`,
      [OTHER_WORKER, COMMUNITY_B],
    ],
  },
  facilities: {
    published: () => [
      `insert into facilities (category, name, lon, lat) values ('store', '探针', $1, $2)`,
      [pointIn('A', 60).lon, pointIn('A', 60).lat],
    ],
    unpublished: () => null,
    deleted: () => null,
  },
  facility_changes: {
    any: () => [
      `insert into facility_changes (facility_id, action, after) values ($1, 'update', '{}')`,
      [FACILITY.canteenA],
    ],
  },
  feedback: {
    anonymous: () => [
      `insert into feedback (facility_id, kind, comment) values ($1, 'other', '探针')`,
      [FACILITY.canteenA],
    ],
    own: (a) =>
      userOf(a)
        ? [
            `insert into feedback (facility_id, author, kind, comment) values ($1, $2, 'other', '探针')`,
            [FACILITY.canteenA, userOf(a)],
          ]
        : null,
  },
  scenarios: {
    own: (a) =>
      userOf(a) ? [`insert into scenarios (owner, name) values ($1, '探针')`, [userOf(a)]] : null,
    other_private: () => [
      `insert into scenarios (owner, name) values ($1, '探针')`,
      [USERS.plannerOther.id],
    ],
    other_shared: () => null,
  },
}

const isDenied = (e: unknown) => (e as { code?: string }).code === '42501'

/** Whether the statement went through and touched a row; a permission error is "no". */
async function probe(ctx: Ctx, a: PermActor, query: string, params: unknown[]): Promise<boolean> {
  try {
    const rows = await ctx.direct(AS[a], query, params)
    return rows.length > 0
  } catch (error) {
    if (isDenied(error)) return false
    throw new Error(`${a}: ${query}: ${(error as Error).message}`, { cause: error })
  }
}

async function tableCell(ctx: Ctx, table: string, op: Op, a: PermActor): Promise<string[]> {
  const allowed: string[] = []
  for (const [kind, locate] of Object.entries(KINDS[table]!)) {
    let ok: boolean
    if (op === 'insert') {
      const stmt = INSERT[table]![kind]!(a)
      if (!stmt) continue
      ok = await probe(ctx, a, `${stmt[0]} returning 1 as x`, stmt[1])
    } else {
      const at = locate(a)
      if (!at) continue
      const sql =
        op === 'select'
          ? `select 1 as x from ${table} where ${at.where}`
          : op === 'update'
            ? `update ${table} set ${TOUCH[table]} where ${at.where} returning 1 as x`
            : `delete from ${table} where ${at.where} returning 1 as x`
      ok = await probe(ctx, a, sql, at.params)
    }
    if (ok) allowed.push(kind)
  }
  return allowed
}

/** One call per function, aimed at community A's rows. */
const CALLS: Record<string, (ctx: Ctx) => Promise<[string, unknown[]]>> = {
  list_categories: async () => ['select * from list_categories()', []],
  list_communities: async () => ['select * from list_communities()', []],
  facilities_in_bbox: async () => ['select * from facilities_in_bbox(90, 10, 90.02, 10.01)', []],
  nearest_facilities: async () => ['select * from nearest_facilities(90.004, 10.004)', []],
  get_facility: async () => ['select * from get_facility($1)', [FACILITY.canteenA]],
  my_profile: async () => ['select my_profile()', []],
  submit_feedback: async () => [
    `select submit_feedback($1, 'rating', 4, null, 'permission-probe-token')`,
    [FACILITY.canteenA],
  ],
  save_facility: async (ctx) => [
    `select * from save_facility(jsonb_build_object('id', $1::text, 'name', '探针改名'), $2)`,
    [FACILITY.canteenA, await versionOf(ctx)],
  ],
  close_facility: async (ctx) => [
    `select * from close_facility($1, $2, '探针')`,
    [FACILITY.canteenA, await versionOf(ctx)],
  ],
  verify_facility: async (ctx) => [
    'select * from verify_facility($1, $2)',
    [FACILITY.canteenA, await versionOf(ctx)],
  ],
  revert_facility_change: async (ctx) => {
    const [c] = await ctx.sql(
      `select id from facility_changes where facility_id = $1 and before is not null order by id desc limit 1`,
      [FACILITY.canteenA],
    )
    return [
      `select * from revert_facility_change($1, $2, '探针')`,
      [c!['id'], await versionOf(ctx)],
    ]
  },
  facility_history: async () => ['select * from facility_history($1)', [FACILITY.canteenA]],
  facility_timeline: async () => ['select * from facility_timeline($1)', [FACILITY.canteenA]],
  list_feedback: async () => ['select * from list_feedback($1)', [COMMUNITY_A]],
  feedback_inbox: async () => ['select * from feedback_inbox($1)', [COMMUNITY_A]],
  triage_feedback: async () => [
    `select * from triage_feedback($1, 'accepted', '探针')`,
    [ANON_FEEDBACK],
  ],
  resolve_feedback: async () => ['select * from resolve_feedback($1)', [ANON_FEEDBACK]],
  dismiss_feedback: async () => [`select * from dismiss_feedback($1, '探针')`, [ANON_FEEDBACK]],
  save_scenario: async () => [`select * from save_scenario('探针', '{}'::jsonb)`, []],
  list_scenarios: async () => ['select * from list_scenarios()', []],
  list_people: async () => ['select * from list_people()', []],
  set_user_role: async () => [`select * from set_user_role($1, 'planner')`, [SPARE_USER]],
  assign_community: async () => ['select assign_community($1, $2)', [OTHER_WORKER, COMMUNITY_B]],
  import_facilities: async () => [
    `select * from import_facilities(jsonb_build_array(jsonb_build_object('category', 'store', 'name', '探针导入', 'lon', 90.005, 'lat', 10.005)), true)`,
    [],
  ],
}

async function versionOf(ctx: Ctx): Promise<number> {
  const [r] = await ctx.sql('select version from facilities where id = $1', [FACILITY.canteenA])
  return Number(r!['version'])
}

async function callCell(ctx: Ctx, fn: string, a: PermActor): Promise<FnOutcome> {
  const [query, params] = await CALLS[fn]!(ctx)
  try {
    await ctx.direct(
      AS[a],
      query.replace(/\bfrom (\w+)\(|select (\w+)\(/, (m) => m.replace(/(\w+)\($/, 'public.$1(')),
      params,
    )
    return 'ok'
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code === '42501') return 'denied'
    if (code === 'P0002') return 'hidden'
    throw new Error(`${a}: ${fn}: ${(error as Error).message}`, { cause: error })
  }
}

const tableCells = Object.entries(PERMISSIONS.tables).flatMap(([table, spec]) =>
  OPS.flatMap((op) =>
    PERMISSIONS.actors.map((actor) => ({ table, op, actor, expected: spec[op][actor] })),
  ),
)
const functionCells = Object.entries(PERMISSIONS.functions).flatMap(([fn, spec]) =>
  PERMISSIONS.actors.map((actor) => ({ fn, actor, expected: spec[actor] })),
)
console.log(
  `permission table: ${tableCells.length} table cells, ${functionCells.length} function cells`,
)

describe.each(testBackends())('permissions on $name', (backend) => {
  const ctx = useDatabase(backend, 'permissions')

  beforeAll(async () => {
    await ctx.sql(
      `insert into auth.users (id, email) values ($1, 'other.worker@test.lifecircle'), ($2, 'spare@test.lifecircle')`,
      [OTHER_WORKER, SPARE_USER],
    )
    await ctx.sql(`insert into profiles (user_id, role) values ($1, 'worker')`, [OTHER_WORKER])
    await ctx.sql(`insert into community_assignments (user_id, community_id) values ($1, $2)`, [
      OTHER_WORKER,
      COMMUNITY_A,
    ])
    await ctx.sql(
      `insert into categories (code, name_zh, name_en, color, icon) values ('unused', '未用', 'Unused', '#654321', 'unused')`,
    )
    await ctx.sql(
      `insert into communities (id, name, boundary) values ($1, '空社区', '{"type":"Polygon","coordinates":[[[92,12],[92.01,12],[92.01,12.01],[92,12]]]}')`,
      [EMPTY_COMMUNITY],
    )
    const p = pointIn('A', 70)
    await ctx.sql(
      `insert into facilities (id, category, name, lon, lat, deleted_at) values ($1, 'store', '已删除', $2, $3, now())`,
      [DELETED_A, p.lon, p.lat],
    )
    await ctx.sql(`update facilities set phone = '021-5555 0009' where id = $1`, [
      FACILITY.canteenA,
    ])
    await ctx.sql(
      `insert into feedback (id, facility_id, kind, comment) values ($1, $2, 'other', '匿名')`,
      [ANON_FEEDBACK, FACILITY.canteenA],
    )
    for (const a of PERMISSIONS.actors) {
      const id = userOf(a)
      if (!id) continue
      await ctx.sql(
        `insert into feedback (facility_id, author, kind, comment) values ($1, $2, 'other', '自己的')`,
        [FACILITY.canteenA, id],
      )
      await ctx.sql(`insert into scenarios (owner, name) values ($1, '自己的方案')`, [id])
    }
    await ctx.sql(
      `insert into scenarios (id, owner, name, shared) values ($1, $3, '他人私有', false), ($2, $3, '他人共享', true)`,
      [SCENARIO_PRIVATE, SCENARIO_SHARED, USERS.plannerOther.id],
    )
  })

  it('declares every table and every API function, and nothing that does not exist', async () => {
    const tables = await ctx.sql(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm') order by 1`,
    )
    expect(tables.map((t) => t['name'])).toEqual(Object.keys(PERMISSIONS.tables).sort())
    const fns = await ctx.sql(
      `select p.proname as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'public' order by 1`,
    )
    expect(fns.map((f) => f['name'])).toEqual(Object.keys(PERMISSIONS.functions).sort())
    expect(Object.keys(CALLS).sort()).toEqual(Object.keys(PERMISSIONS.functions).sort())
    for (const [table, spec] of Object.entries(PERMISSIONS.tables)) {
      expect(Object.keys(KINDS[table] ?? {}).sort(), table).toEqual(Object.keys(spec.kinds).sort())
    }
  })

  it.each(tableCells)(
    '$table: $actor may $op $expected',
    async ({ table, op, actor, expected }) => {
      expect(await tableCell(ctx, table, op, actor)).toEqual(expected)
    },
  )

  it.each(functionCells)('$fn: $actor → $expected', async ({ fn, actor, expected }) => {
    expect(await callCell(ctx, fn, actor)).toBe(expected)
  })

  it('hides the declared columns from the API roles', async () => {
    for (const [table, byRole] of Object.entries(PERMISSIONS.hidden_columns)) {
      for (const [role, columns] of Object.entries(byRole)) {
        for (const column of columns) {
          const [r] = await ctx.sql(`select has_column_privilege($1, $2, $3, 'SELECT') as can`, [
            role,
            `public.${table}`,
            column,
          ])
          expect(r!['can'], `${role} ${table}.${column}`).toBe(false)
        }
      }
    }
  })

  it('gives the API roles no sequence and no TRUNCATE, TRIGGER or REFERENCES on any table', async () => {
    const seqs = await ctx.sql(
      `select r.rolname || ' ' || c.relname as what
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       cross join (values ('anon'), ('authenticated'), ('service_role')) r(rolname)
       where n.nspname = 'public' and c.relkind = 'S'
         and (has_sequence_privilege(r.rolname, c.oid, 'USAGE') or has_sequence_privilege(r.rolname, c.oid, 'UPDATE')
              or has_sequence_privilege(r.rolname, c.oid, 'SELECT'))`,
    )
    expect(seqs).toEqual([])
    const extra = await ctx.sql(
      `select r.rolname || ' ' || p.priv || ' ' || c.relname as what
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       cross join (values ('anon'), ('authenticated'), ('service_role')) r(rolname)
       cross join (values ('TRUNCATE'), ('TRIGGER'), ('REFERENCES')) p(priv)
       where n.nspname = 'public' and c.relkind = 'r' and has_table_privilege(r.rolname, c.oid, p.priv)`,
    )
    expect(extra).toEqual([])
    // setval as an API role, the way the sequence could be broken before.
    for (const role of ['anon', 'resident'] as const) {
      const error = await ctx
        .direct(role, `select setval('public.facility_changes_id_seq', 1)`)
        .then(
          () => null,
          (e: unknown) => e,
        )
      expect(isDenied(error), role).toBe(true)
    }
  })

  it('pins search_path on every security definer function', async () => {
    const rows = await ctx.sql(
      `select n.nspname || '.' || p.proname as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname in ('public', 'private') and p.prosecdef
         and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) c where c like 'search_path=%')`,
    )
    expect(rows).toEqual([])
  })

  it('answers private helpers only for what the caller may know', async () => {
    for (const a of ['resident', 'worker_own', 'planner'] as const) {
      const error = await ctx
        .direct(AS[a], 'select private.user_exists($1) as x', [USERS.admin.id])
        .then(
          () => null,
          (e: unknown) => e,
        )
      expect(isDenied(error), a).toBe(true)
    }
    const [r] = await ctx.direct('admin', 'select private.user_exists($1) as x', [USERS.admin.id])
    expect(r!['x']).toBe(true)
    const [f] = await ctx.sql(
      `select count(*)::int as n from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'private' and p.proname = 'feedback_facility'`,
    )
    expect(f!['n']).toBe(0)
  })
})
