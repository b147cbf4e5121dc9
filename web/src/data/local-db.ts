/**
 * The `local` adapter: PostgreSQL in the browser (PGlite, IndexedDB persistence) or in
 * memory in Node. Same SQL, same row-level security as hosted Supabase: every call runs
 * through rpc-sql.ts the way PostgREST runs it.
 */
import { DbError, sessionFromProfile } from './db.ts'
import type { ChangeEvent, Db, DbAuth, Session } from './db.ts'
import { ANON_CLAIMS, createRpcRunner, userClaims } from './rpc-sql.ts'
import type { JwtClaims, RpcRunner, SqlExecutor } from './rpc-sql.ts'
import type { ProgressListener, SqlSource } from './schema-sql-apply.ts'
import { localBackup, type LocalBackup } from './local-backup.ts'

/** The part of `Storage` (localStorage) the session needs. */
export interface StorageLike {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

export interface LocalDbOptions {
  /** `idb://lifecircle` in the browser; a folder path in Node; in memory when absent. */
  dataDir?: string
  onProgress?: ProgressListener
  /** Where the signed-in user is remembered; defaults to localStorage when there is one. */
  storage?: StorageLike | null
  /** SQL to apply; defaults to supabase/compat + migrations + seed. */
  sources?: readonly SqlSource[]
  /** BroadcastChannel name for telling other tabs about writes; null to disable. */
  channelName?: string | null
  /**
   * An open PGlite-like database to use instead of opening one (in the browser: a
   * PGliteWorker whose leader worker has already prepared the schema). Nothing is applied to
   * it; `dataDir`, `sources` and `onProgress` are ignored.
   */
  pg?: PgliteLike
  /** With `pg`: the files its owner applied when opening it, reported as `applied`. */
  applied?: readonly string[]
}

/** What the adapter needs of a PGlite (PGlite in Node, PGliteWorker in a browser tab). */
export interface PgliteLike extends SqlExecutor {
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>
  close(): Promise<void>
}

export interface LocalDb extends Db, LocalBackup {
  readonly kind: 'local'
  /** Files applied when this database was opened (all on first open, new ones after). */
  readonly applied: readonly string[]
  close(): Promise<void>
}

export const SESSION_KEY = 'lifecircle.session'
export const CHANGES_CHANNEL = 'lifecircle-changes'

interface StoredUser {
  userId: string
  email: string | null
}

type Row = Record<string, unknown>

/** What each write function changed, for subscribers (other components, other tabs). */
function changesOf(fn: string, args: Row, result: unknown): ChangeEvent[] {
  const rows = Array.isArray(result) ? (result as Row[]) : []
  const ids = rows.map((r) => String(r['id']))
  switch (fn) {
    case 'save_facility': {
      const input = args['facility'] as Row | null | undefined
      const kind = input && typeof input['id'] === 'string' ? 'update' : 'insert'
      return ids.map((id) => ({ table: 'facilities', kind, id }))
    }
    case 'close_facility':
    case 'verify_facility':
    case 'revert_facility_change':
      return ids.map((id) => ({ table: 'facilities', kind: 'update', id }))
    case 'import_facilities':
      // A dry run stores nothing; a commit reports the id of every row it added or updated.
      if (args['dry_run'] !== false) return []
      return rows
        .filter((r) => (r['status'] === 'added' || r['status'] === 'updated') && r['facility_id'])
        .map((r) => ({
          table: 'facilities',
          kind: r['status'] === 'added' ? 'insert' : 'update',
          id: String(r['facility_id']),
        }))
    case 'submit_feedback':
      return typeof result === 'string' ? [{ table: 'feedback', kind: 'insert', id: result }] : []
    case 'triage_feedback':
    case 'resolve_feedback':
    case 'dismiss_feedback':
      return ids.map((id) => ({ table: 'feedback', kind: 'update', id }))
    default:
      return []
  }
}

function defaultStorage(): StorageLike | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null // storage disabled (privacy mode): sessions last for the page only
  }
}

/** A storage that forgets on reload, used when no persistent storage is available. */
export function memoryStorage(): StorageLike {
  const items = new Map<string, string>()
  return {
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => void items.set(k, v),
    removeItem: (k) => void items.delete(k),
  }
}

function createAuth(runner: RpcRunner, storage: StorageLike): DbAuth & { claims(): JwtClaims } {
  const listeners = new Set<(s: Session | null) => void>()
  const stored = (): StoredUser | null => {
    const raw = storage.getItem(SESSION_KEY)
    if (!raw) return null
    try {
      const v = JSON.parse(raw) as Partial<StoredUser>
      return typeof v.userId === 'string' ? { userId: v.userId, email: v.email ?? null } : null
    } catch {
      return null
    }
  }
  const claims = (): JwtClaims => {
    const u = stored()
    return u ? userClaims(u.userId, u.email) : ANON_CLAIMS
  }
  const sessionOf = async (user: StoredUser): Promise<Session> => {
    const profile = await runner.call<Row>('my_profile', {}, userClaims(user.userId, user.email))
    return sessionFromProfile(user.userId, user.email, profile)
  }
  const notify = (s: Session | null) => listeners.forEach((l) => l(s))
  return {
    claims,
    async session() {
      const u = stored()
      return u ? sessionOf(u) : null
    },
    // Offline demo: sign in as a seeded auth.users row by email; there is no password to check.
    async signIn(email: string) {
      const rows = await runner.exclusive(async (ex) => {
        const r = await ex.query(
          'select id::text as id, email from auth.users where lower(email) = lower($1)',
          [email.trim()],
        )
        return r.rows as { id: string; email: string | null }[]
      })
      const row = rows[0]
      if (!row)
        throw new DbError(`No demo user with the email ${email}`, 'invalid_credentials', 'email')
      const user: StoredUser = { userId: row.id, email: row.email }
      storage.setItem(SESSION_KEY, JSON.stringify(user))
      const s = await sessionOf(user)
      notify(s)
      return s
    },
    async signOut() {
      storage.removeItem(SESSION_KEY)
      notify(null)
    },
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}

/**
 * Open (and on first use build) the local database: an in-process PGlite (Node, tests), or
 * the given `pg` (a browser tab's PGliteWorker). PGlite takes a second or more to start.
 */
export async function createLocalDb(options: LocalDbOptions = {}): Promise<LocalDb> {
  let pg: PgliteLike
  let applied: readonly string[]
  if (options.pg) {
    pg = options.pg
    applied = options.applied ?? []
  } else {
    // Loaded here, not at the top: a browser tab reaches PGlite through its worker and should
    // not download PGlite's main-thread code, nor the SQL, which the worker has.
    const [{ PGlite }, { cube }, { earthdistance }, { allSqlSources }, { applySqlSources }] =
      await Promise.all([
        import('@electric-sql/pglite'),
        import('@electric-sql/pglite/contrib/cube'),
        import('@electric-sql/pglite/contrib/earthdistance'),
        import('./schema-sql.ts'),
        import('./schema-sql-apply.ts'),
      ])
    const own = await PGlite.create({
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      extensions: { cube, earthdistance },
    })
    try {
      applied = await applySqlSources(own, options.sources ?? allSqlSources(), options.onProgress)
    } catch (error) {
      await own.close()
      throw error
    }
    pg = own
  }
  const runner = createRpcRunner(pg)
  const auth = createAuth(runner, options.storage ?? defaultStorage() ?? memoryStorage())

  const listeners = new Set<(e: ChangeEvent) => void>()
  const channelName = options.channelName === undefined ? CHANGES_CHANNEL : options.channelName
  const channel =
    channelName && typeof BroadcastChannel !== 'undefined'
      ? new BroadcastChannel(channelName)
      : null
  if (channel) {
    channel.onmessage = (msg: MessageEvent<ChangeEvent>) => listeners.forEach((l) => l(msg.data))
  }

  return {
    kind: 'local',
    applied,
    auth,
    async rpc<T = unknown>(fn: string, args: Record<string, unknown> = {}): Promise<T> {
      const result = await runner.call<T>(fn, args, auth.claims())
      for (const event of changesOf(fn, args, result)) {
        listeners.forEach((l) => l(event))
        channel?.postMessage(event)
      }
      return result
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    ...localBackup(runner, (events) => {
      for (const event of events) {
        listeners.forEach((l) => l(event))
        channel?.postMessage(event)
      }
    }),
    async close() {
      channel?.close()
      listeners.clear()
      await runner.exclusive(() => pg.close())
    },
  }
}
