/**
 * `npm run load`: concurrent workers editing overlapping facilities through the API on a real
 * PostgreSQL server, with anonymous readers and feedback at the same time; then checks that
 * nothing was lost (every accepted edit is in the audit exactly once, every record equals its
 * last accepted edit, every rejection is a version conflict, nothing else failed) and prints
 * throughput and latency. Runs in a database of its own, dropped afterwards.
 *
 *   npm run load -- [--url postgres://postgres@127.0.0.1:5432/postgres] [--workers 20]
 *                   [--edits 200] [--facilities 12] [--readers 4] [--reporters 2] [--short] [--keep]
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { readFileSync, readdirSync } from 'node:fs'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { DbError } from '../web/src/data/db.ts'
import { ANON_CLAIMS, createRpcRunner, userClaims } from '../web/src/data/rpc-sql.ts'
import type { JwtClaims, RpcRunner, SqlExecutor } from '../web/src/data/rpc-sql.ts'

const { values: opts } = parseArgs({
  options: {
    url: {
      type: 'string',
      default: process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    },
    workers: { type: 'string', default: '20' },
    edits: { type: 'string', default: '200' },
    facilities: { type: 'string', default: '12' },
    readers: { type: 'string', default: '4' },
    reporters: { type: 'string', default: '2' },
    short: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
})
if (opts.help) {
  console.log(readFileSync(new URL(import.meta.url), 'utf8').split('*/')[0])
  process.exit(0)
}
const int = (name: keyof typeof opts, v: unknown): number => {
  const n = Number(v)
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${name}: must be a whole number of 1 or more (got ${String(v)})`)
    process.exit(2)
  }
  return n
}
const WORKERS = opts.short ? 5 : int('workers', opts.workers)
const EDITS = opts.short ? 20 : int('edits', opts.edits)
const FACILITIES = int('facilities', opts.facilities)
const READERS = int('readers', opts.readers)
const REPORTERS = int('reporters', opts.reporters)

const root = new URL('../supabase/', import.meta.url)
function sqlFiles(): { name: string; sql: string }[] {
  const read = (dir: string) =>
    readdirSync(new URL(dir, root))
      .filter((f) => f.endsWith('.sql'))
      .sort()
      .map((f) => ({ name: `${dir}${f}`, sql: readFileSync(new URL(`${dir}${f}`, root), 'utf8') }))
  return [
    ...read('compat/'),
    ...read('migrations/'),
    { name: 'seed.sql', sql: readFileSync(new URL('seed.sql', root), 'utf8') },
  ]
}

function executor(client: pg.Client): SqlExecutor {
  return { query: (sql, params) => client.query(sql, params), exec: (sql) => client.query(sql) }
}

async function connect(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  return c
}

interface Timed {
  ms: number[]
}
const quantile = (xs: number[], q: number): number => {
  if (xs.length === 0) return NaN
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!
}
const fmt = (t: Timed, label: string, seconds: number) =>
  `${label.padEnd(10)} ${String(t.ms.length).padStart(6)} calls  ${(t.ms.length / seconds).toFixed(0).padStart(6)}/s  p50 ${quantile(t.ms, 0.5).toFixed(1)} ms  p95 ${quantile(t.ms, 0.95).toFixed(1)} ms  max ${Math.max(...t.ms).toFixed(1)} ms`

async function timed<T>(t: Timed, work: () => Promise<T>): Promise<T> {
  const start = performance.now()
  try {
    return await work()
  } finally {
    t.ms.push(performance.now() - start)
  }
}

interface Accepted {
  facility: string
  version: number
  worker: string
  capacity: number
  name: string
}

async function main(): Promise<number> {
  const dbName = `lifecircle_load_${randomBytes(5).toString('hex')}`
  const admin = await connect(opts.url!)
  await admin.query(`create database ${dbName}`)
  const target = new URL(opts.url!)
  target.pathname = `/${dbName}`
  const clients: pg.Client[] = []
  try {
    const setup = await connect(target.toString())
    clients.push(setup)
    let t = performance.now()
    for (const f of sqlFiles()) {
      try {
        await setup.query(f.sql)
      } catch (error) {
        throw new Error(`applying supabase/${f.name} failed: ${(error as Error).message}`, {
          cause: error,
        })
      }
    }
    console.log(`schema + demo seed on ${dbName}: ${Math.round(performance.now() - t)} ms`)

    // The busiest communities, each with a few workers, all editing the same few facilities.
    const communities = (
      await setup.query(
        `select community_id as id from facilities where deleted_at is null and published
                         group by 1 order by count(*) desc, 1 limit $1`,
        [Math.max(1, Math.ceil(WORKERS / 5))],
      )
    ).rows.map((r: { id: string }) => r.id)
    const facilitiesOf = new Map<string, string[]>()
    for (const c of communities) {
      const rows = await setup.query(
        'select id from facilities where community_id = $1 and deleted_at is null order by id limit $2',
        [c, FACILITIES],
      )
      facilitiesOf.set(
        c,
        rows.rows.map((r: { id: string }) => r.id),
      )
    }
    const workers: { id: string; claims: JwtClaims; facilities: string[] }[] = []
    for (let i = 0; i < WORKERS; i++) {
      const id = randomUUID()
      const community = communities[i % communities.length]!
      const email = `load.worker.${i}@load.lifecircle`
      await setup.query('insert into auth.users (id, email) values ($1, $2)', [id, email])
      await setup.query(
        `insert into profiles (user_id, display_name, role) values ($1, $2, 'worker')`,
        [id, `负载工作者 ${i}`],
      )
      await setup.query(
        'insert into community_assignments (user_id, community_id) values ($1, $2)',
        [id, community],
      )
      workers.push({ id, claims: userClaims(id, email), facilities: facilitiesOf.get(community)! })
    }
    const [bbox] = (
      await setup.query('select min(lon) a, min(lat) b, max(lon) c, max(lat) d from facilities')
    ).rows as { a: number; b: number; c: number; d: number }[]
    const watched = [...facilitiesOf.values()].flat()

    const editT: Timed = { ms: [] }
    const readT: Timed = { ms: [] }
    const feedbackT: Timed = { ms: [] }
    const accepted: Accepted[] = []
    let conflicts = 0
    let throttled = 0
    const unexpected: string[] = []
    let running = true

    const runners: RpcRunner[] = []
    for (let i = 0; i < WORKERS + READERS + REPORTERS; i++) {
      const c = await connect(target.toString())
      clients.push(c)
      runners.push(createRpcRunner(executor(c)))
    }

    t = performance.now()
    const workerJobs = workers.map(async (w, i) => {
      const rpc = runners[i]!
      let seq = 0
      for (let e = 0; e < EDITS; e++) {
        const facility = w.facilities[(e * 7 + i) % w.facilities.length]!
        try {
          const [row] = await timed(readT, () =>
            rpc.call<Record<string, unknown>[]>(
              'get_facility',
              { facility_id: facility },
              w.claims,
            ),
          )
          const capacity = 1 + ((i * 1000 + seq++) % 100000)
          const name = `负载 ${i}-${e}`
          const [saved] = await timed(editT, () =>
            rpc.call<Record<string, unknown>[]>(
              'save_facility',
              {
                facility: { id: facility, capacity, name },
                expected_version: row!['version'],
                reason: `load ${i}-${e}`,
              },
              w.claims,
            ),
          )
          accepted.push({
            facility,
            version: Number(saved!['version']),
            worker: w.id,
            capacity,
            name,
          })
        } catch (error) {
          if (error instanceof DbError && error.isConflict) conflicts++
          else unexpected.push(`worker ${i} edit ${e}: ${(error as Error).message}`)
        }
      }
    })
    const readerJobs = Array.from({ length: READERS }, async (_, k) => {
      const rpc = runners[WORKERS + k]!
      while (running) {
        try {
          await timed(readT, () =>
            k % 2
              ? rpc.call(
                  'facilities_in_bbox',
                  { min_lon: bbox!.a, min_lat: bbox!.b, max_lon: bbox!.c, max_lat: bbox!.d },
                  ANON_CLAIMS,
                )
              : rpc.call(
                  'nearest_facilities',
                  { lon: (bbox!.a + bbox!.c) / 2, lat: (bbox!.b + bbox!.d) / 2, limit_n: 10 },
                  ANON_CLAIMS,
                ),
          )
        } catch (error) {
          unexpected.push(`reader ${k}: ${(error as Error).message}`)
        }
      }
    })
    const reporterJobs = Array.from({ length: REPORTERS }, async (_, k) => {
      const rpc = runners[WORKERS + READERS + k]!
      let n = 0
      while (running) {
        const token = `load-browser-${k}-${Math.floor(n / 3)}-${randomBytes(6).toString('hex')}`
        try {
          await timed(feedbackT, () =>
            rpc.call(
              'submit_feedback',
              {
                facility_id: watched[n % watched.length],
                kind: 'rating',
                rating: 1 + (n % 5),
                client_token: token,
              },
              ANON_CLAIMS,
            ),
          )
        } catch (error) {
          if (error instanceof DbError && error.code === 'PT429') throttled++
          else unexpected.push(`reporter ${k}: ${(error as Error).message}`)
        }
        n++
      }
    })
    await Promise.all(workerJobs)
    running = false
    await Promise.all([...readerJobs, ...reporterJobs])
    const seconds = (performance.now() - t) / 1000

    // What the database holds now.
    const audit = (
      await setup.query(
        `select facility_id, (after->>'version')::int as version, actor, count(*)::int as n
         from facility_changes where actor = any ($1::uuid[]) group by 1, 2, 3`,
        [workers.map((w) => w.id)],
      )
    ).rows as { facility_id: string; version: number; actor: string; n: number }[]
    const auditKey = new Map(audit.map((a) => [`${a.facility_id}/${a.version}`, a]))
    const problems: string[] = [...unexpected]
    for (const a of accepted) {
      const row = auditKey.get(`${a.facility}/${a.version}`)
      if (!row || row.n !== 1 || row.actor !== a.worker)
        problems.push(
          `accepted edit ${a.facility} v${a.version} is in the audit ${row?.n ?? 0} times (actor ${row?.actor ?? '-'})`,
        )
    }
    if (audit.length !== accepted.length)
      problems.push(`audit holds ${audit.length} worker edits, ${accepted.length} were accepted`)
    const last = new Map<string, Accepted>()
    for (const a of accepted)
      if ((last.get(a.facility)?.version ?? 0) < a.version) last.set(a.facility, a)
    const now = (
      await setup.query(
        'select id, version, capacity, name from facilities where id = any ($1::uuid[])',
        [watched],
      )
    ).rows as { id: string; version: number; capacity: number; name: string }[]
    for (const r of now) {
      const l = last.get(r.id)
      if (l && (l.version !== r.version || l.capacity !== r.capacity || l.name !== r.name))
        problems.push(
          `facility ${r.id} is v${r.version} "${r.name}", its last accepted edit was v${l.version} "${l.name}"`,
        )
    }

    console.log(
      `${WORKERS} workers x ${EDITS} edits on ${watched.length} facilities in ${communities.length} communities, ${READERS} anonymous readers, ${REPORTERS} anonymous reporters: ${seconds.toFixed(1)} s`,
    )
    console.log(
      `edits: ${accepted.length} accepted, ${conflicts} version conflicts; feedback: ${feedbackT.ms.length - throttled} stored, ${throttled} throttled`,
    )
    console.log(fmt(editT, 'save', seconds))
    console.log(fmt(readT, 'read', seconds))
    console.log(fmt(feedbackT, 'feedback', seconds))
    if (problems.length) {
      console.error(`FAILED: ${problems.length} problems`)
      for (const p of problems.slice(0, 20)) console.error(`  ${p}`)
      return 1
    }
    console.log(
      'every accepted edit is in the audit exactly once, every record equals its last accepted edit, every rejection was a version conflict',
    )
    return 0
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)))
    if (!opts.keep) await admin.query(`drop database if exists ${dbName} with (force)`)
    else console.log(`kept database ${dbName}`)
    await admin.end()
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  },
)
