/**
 * How an API function runs over plain SQL, exactly as PostgREST runs it: one transaction,
 * `set local role`, the JWT claims in `request.jwt.claims`, then `select * from fn(arg => $1…)`.
 * Shared by the local (PGlite) adapter and the database tests, so both exercise the same
 * path as production. Works over anything with `query` + `exec` (PGlite, a `pg` client).
 */
import { DbError } from './db.ts'
import { decodePgError } from './pglite-errors.ts'

export interface SqlField {
  name: string
  dataTypeID: number
}

export interface SqlResult {
  rows: unknown[]
  fields?: readonly SqlField[]
}

/** The part of PGlite / node-postgres the RPC path needs. */
export interface SqlExecutor {
  query(sql: string, params?: unknown[]): Promise<SqlResult>
  exec(sql: string): Promise<unknown>
  /**
   * PGlite's own transaction (PGlite, PGliteWorker): the whole callback holds the database,
   * across tabs too when it is a PGliteWorker talking to the leader tab's worker. Without it,
   * calls run `begin … commit` on what must then be a connection of their own (a `pg` client).
   */
  transaction?<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>
  /** PGlite: write the in-memory data directory through to its store (IndexedDB). */
  syncToFs?(): Promise<void>
}

export type RpcRole = 'anon' | 'authenticated'

/** The claims PostgREST would have verified from the caller's JWT. */
export interface JwtClaims {
  role: RpcRole
  sub?: string
  email?: string | null
  aud?: string
  [claim: string]: unknown
}

export const ANON_CLAIMS: JwtClaims = { role: 'anon' }

/** Claims for a signed-in user, shaped like Supabase's access token. */
export function userClaims(userId: string, email: string | null): JwtClaims {
  return { sub: userId, email, role: 'authenticated', aud: 'authenticated' }
}

interface FnInfo {
  returnsSet: boolean
  returnsVoid: boolean
  /** Input arguments in declaration order, with their SQL types. */
  args: { name: string; type: string }[]
  /** How many trailing arguments have defaults. */
  defaults: number
  /** Declared volatile: it may write (stable and immutable functions only read). */
  writes: boolean
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/

const FN_INFO_SQL = `
select p.proretset as returns_set,
       format_type(p.prorettype, null) as return_type,
       coalesce(p.proargnames, '{}'::text[]) as arg_names,
       coalesce(p.proargmodes::text[], '{}'::text[]) as arg_modes,
       array(select format_type(t.oid, null)
             from unnest(p.proargtypes::oid[]) with ordinality as t(oid, ord)
             order by t.ord) as arg_types,
       p.pronargdefaults as defaults,
       p.provolatile = 'v' as writes
from pg_catalog.pg_proc p
join pg_catalog.pg_namespace n on n.oid = p.pronamespace
where n.nspname = 'public' and p.proname = $1`

interface FnInfoRow {
  returns_set: boolean
  return_type: string
  arg_names: string[]
  arg_modes: string[]
  arg_types: string[]
  defaults: number
  writes: boolean
}

function notFound(fn: string, args: string[]): DbError {
  // PostgREST's own code and wording, so both adapters report a bad call the same way.
  return new DbError(
    `Could not find the function public.${fn}(${args.join(', ')}) in the schema cache`,
    'PGRST202',
  )
}

/** The SQL text and parameters for one call; exported for tests. */
export function buildCallSql(
  fn: string,
  info: FnInfo,
  args: Record<string, unknown>,
): { sql: string; params: unknown[] } {
  const given = Object.keys(args).filter((k) => args[k] !== undefined)
  const known = new Set(info.args.map((a) => a.name))
  const required = info.args.slice(0, info.args.length - info.defaults).map((a) => a.name)
  if (
    given.some((k) => !IDENTIFIER.test(k) || !known.has(k)) ||
    required.some((k) => !given.includes(k))
  ) {
    throw notFound(fn, given)
  }
  const params: unknown[] = []
  const parts: string[] = []
  for (const { name, type } of info.args) {
    if (!given.includes(name)) continue
    const value = args[name]
    if (value === null) {
      parts.push(`${name} => null::${type}`)
      continue
    }
    if (type === 'jsonb' || type === 'json') {
      params.push(JSON.stringify(value))
      parts.push(`${name} => $${params.length}::${type}`)
    } else if (type.endsWith('[]')) {
      if (!Array.isArray(value)) throw new DbError(`${name}: must be an array`, '22023', name)
      params.push(JSON.stringify(value))
      parts.push(
        `${name} => array(select jsonb_array_elements_text($${params.length}::jsonb))::${type}`,
      )
    } else {
      params.push(typeof value === 'object' ? JSON.stringify(value) : String(value))
      parts.push(`${name} => $${params.length}::${type}`)
    }
  }
  const call = `public.${fn}(${parts.join(', ')})`
  const sql = info.returnsSet ? `select * from ${call}` : `select ${call} as result`
  return { sql, params }
}

/**
 * A string as a SQL literal: an escape string (E'…'), whose meaning does not depend on the
 * `standard_conforming_strings` setting, with backslashes and quotes doubled.
 */
export function sqlLiteral(value: string): string {
  if (value.includes('\0')) throw new DbError('a text value may not contain NUL', '22021')
  return `E'${value.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`
}

/** `buildCallSql`'s SQL with each `$n` replaced by its parameter as a literal (or null). */
export function inlineParams(sql: string, params: readonly unknown[]): string {
  return sql.replace(/\$(\d+)/g, (_, n: string) => {
    const value = params[Number(n) - 1]
    return value === null || value === undefined ? 'null' : sqlLiteral(String(value))
  })
}

/** The last statement's result of a batch (`exec` gives one result per statement). */
function lastResult(results: unknown): SqlResult {
  const last = (Array.isArray(results) ? results.at(-1) : results) as SqlResult | undefined
  if (!last || !Array.isArray(last.rows)) throw new DbError('the call returned no result', 'XX000')
  return last
}

const INT8 = 20
const NUMERIC = 1700

/** Rows as PostgREST's JSON would carry them: timestamps as ISO strings, int8 as numbers. */
function normalizeValue(value: unknown, typeId: number | undefined): unknown {
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'bigint') return Number(value)
  if (typeof value === 'string' && (typeId === INT8 || typeId === NUMERIC)) return Number(value)
  return value
}

function normalizeRows(result: SqlResult): Record<string, unknown>[] {
  const types = new Map((result.fields ?? []).map((f) => [f.name, f.dataTypeID]))
  return (result.rows as Record<string, unknown>[]).map((row) => {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(row)) out[k] = normalizeValue(v, types.get(k))
    return out
  })
}

interface PgErrorLike {
  message?: unknown
  code?: unknown
  detail?: unknown
  details?: unknown
  hint?: unknown
  column?: unknown
  constraint?: unknown
  table?: unknown
}

const CONSTRAINT_SUFFIX = /_(valid|required|fkey|key|pkey|check|not_null|excl)$/

/**
 * The field a database error is about: the COLUMN the API set, a `field.path: problem`
 * message, a named constraint (`facilities_lon_valid` → `lon`) or a not-null column.
 */
export function errorField(
  message: string,
  extra: { column?: string | null; constraint?: string | null; table?: string | null } = {},
): string | null {
  if (extra.column) return extra.column
  const prefixed = /^([a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)*): /.exec(message)
  if (prefixed?.[1]) return prefixed[1].split('.').pop() ?? null
  const constraint = extra.constraint ?? /constraint "([^"]+)"/.exec(message)?.[1] ?? null
  const table = extra.table ?? /(?:relation|table) "([^"]+)"/.exec(message)?.[1] ?? null
  if (constraint) {
    const bare =
      table && constraint.startsWith(`${table}_`) ? constraint.slice(table.length + 1) : constraint
    const field = bare.replace(CONSTRAINT_SUFFIX, '')
    if (field && field !== bare) return field
  }
  return /column "([^"]+)"/.exec(message)?.[1] ?? null
}

/** Turn a PostgreSQL / PGlite / PostgREST error into a DbError. */
export function toDbError(error: unknown): DbError {
  if (error instanceof DbError) return error
  const e = (decodePgError(error) ??
    (typeof error === 'object' && error !== null ? error : {})) as PgErrorLike
  const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null)
  const message = str(e.message) ?? String(error)
  const code = str(e.code) ?? 'XX000'
  const field = errorField(message, {
    column: str(e.column),
    constraint: str(e.constraint),
    table: str(e.table),
  })
  const details = str(e.detail) ?? str(e.details) ?? str(e.hint)
  return new DbError(message, code, field, details)
}

export interface RpcRunner {
  /** Call `public.<fn>` with named arguments as the given JWT claims. Throws DbError. */
  call<T = unknown>(
    fn: string,
    args: Record<string, unknown> | undefined,
    claims: JwtClaims,
  ): Promise<T>
  /** Run other work on the same connection, never interleaved with a call's transaction. */
  exclusive<T>(work: (executor: SqlExecutor) => Promise<T>): Promise<T>
  /** Forget cached function signatures (after applying migrations). */
  clearCache(): void
}

/** An RPC runner over one connection; calls are queued because they share its transaction state. */
export function createRpcRunner(executor: SqlExecutor): RpcRunner {
  const cache = new Map<string, FnInfo>()
  let tail: Promise<unknown> = Promise.resolve()

  const exclusive = <T>(work: (ex: SqlExecutor) => Promise<T>): Promise<T> => {
    const run = tail.then(
      () => work(executor),
      () => work(executor),
    )
    tail = run.catch(() => undefined)
    return run
  }

  const lookup = async (fn: string): Promise<FnInfo | null> => {
    const hit = cache.get(fn)
    if (hit) return hit
    const { rows } = await executor.query(FN_INFO_SQL, [fn])
    if (rows.length !== 1) return null
    const row = rows[0] as FnInfoRow
    const names = row.arg_modes.length
      ? row.arg_names.filter((_, i) => ['i', 'b', 'v'].includes(row.arg_modes[i] ?? 'i'))
      : row.arg_names.slice(0, row.arg_types.length)
    const info: FnInfo = {
      returnsSet: row.returns_set,
      returnsVoid: row.return_type === 'void',
      args: row.arg_types.map((type, i) => ({ name: names[i] ?? `$${i + 1}`, type })),
      defaults: Number(row.defaults),
      writes: row.writes !== false,
    }
    cache.set(fn, info)
    return info
  }

  const call = <T>(
    fn: string,
    args: Record<string, unknown> | undefined,
    claims: JwtClaims,
  ): Promise<T> => {
    if (!IDENTIFIER.test(fn)) return Promise.reject(notFound(fn, Object.keys(args ?? {})))
    if (claims.role !== 'anon' && claims.role !== 'authenticated') {
      return Promise.reject(new DbError(`role ${String(claims.role)}: not an API role`, '42501'))
    }
    return exclusive(async (ex) => {
      const info = await lookup(fn)
      if (!info) throw notFound(fn, Object.keys(args ?? {}))
      const { sql, params } = buildCallSql(fn, info, args ?? {})
      // One message for the whole call: the role, the claims and the call as one batch of
      // statements with the values inlined as literals. Through a PGliteWorker every
      // statement is a round trip to the leader tab's worker (a parameterised one several),
      // so this is what a call costs there, not the database's work.
      const batch = [
        `set local role ${claims.role}`,
        `select set_config('request.jwt.claims', ${sqlLiteral(JSON.stringify(claims))}, true)`,
        inlineParams(sql, params),
      ].join(';\n')
      const inTransaction = async (tx: SqlExecutor): Promise<SqlResult> =>
        lastResult(await tx.exec(batch))
      let result: SqlResult
      if (ex.transaction) {
        try {
          result = await ex.transaction(inTransaction)
        } catch (error) {
          throw toDbError(error)
        }
        // PGlite does not write a transaction's commit through to IndexedDB by itself; a call
        // that may write only resolves once the write would survive the tab closing. Reads
        // (stable functions, as PostgREST sends them by GET) skip it: a sync walks the whole
        // data directory and costs hundreds of milliseconds.
        if (info.writes) await ex.syncToFs?.()
      } else {
        await ex.exec('begin')
        try {
          result = await inTransaction(ex)
          await ex.exec('commit')
        } catch (error) {
          // Report the call's error, not a failure to roll back a connection that already broke.
          await ex.exec('rollback').catch(() => undefined)
          throw toDbError(error)
        }
      }
      if (info.returnsSet) return normalizeRows(result) as T
      if (info.returnsVoid) return null as T
      return (normalizeRows(result)[0]?.['result'] ?? null) as T
    })
  }

  return { call, exclusive, clearCache: () => cache.clear() }
}
