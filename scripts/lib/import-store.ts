/**
 * Storing an import in PostgreSQL through the API function `import_facilities(rows jsonb,
 * dry_run boolean, source text)`, as a given user: the same transaction, `set local role
 * authenticated` and `request.jwt.claims` PostgREST would use (web/src/data/rpc-sql.ts), so the
 * database's rules for that user decide what is stored.
 */
import pg from 'pg'
import { DbError } from '../../web/src/data/db.ts'
import { createRpcRunner, userClaims, type SqlExecutor } from '../../web/src/data/rpc-sql.ts'
import type { ExistingFacility, ImportRecord } from '../../web/src/core/io/import/import-types.ts'
import { StoreError } from './import-store-error.ts'

export const IMPORT_FUNCTION = 'import_facilities'

export { StoreError }

export interface ImportStore {
  /** The stored facilities (WGS-84), for the duplicate check and the offset hint. */
  existing(): Promise<ExistingFacility[]>
  /** Whether the database has the import API function. */
  hasImportFunction(): Promise<boolean>
  /** Runs the import as the user; returns what the function reports. */
  importRows(records: readonly ImportRecord[], dryRun: boolean, source: string): Promise<unknown>
  close(): Promise<void>
}

/**
 * The store over any SQL connection the RPC runner takes (a `pg` client, PGlite): finds the
 * user by email in `auth.users`, then calls the API as that user. `close` ends the connection.
 */
export async function importStoreOver(
  executor: SqlExecutor,
  email: string,
  close: () => Promise<void>,
): Promise<ImportStore> {
  let users: { id: string }[]
  try {
    users = (
      await executor.query('select id::text as id from auth.users where lower(email) = lower($1)', [
        email,
      ])
    ).rows as { id: string }[]
  } catch (e) {
    await close()
    throw new StoreError(`cannot look up users: ${(e as Error).message}`, false)
  }
  if (users.length !== 1) {
    await close()
    throw new StoreError(`no user with the email "${email}" in this database`, true)
  }
  const claims = userClaims(users[0]!.id, email)
  const rpc = createRpcRunner(executor)
  return {
    async existing() {
      // Read as the owner of the connection: the duplicate check must see every record, also
      // those of communities the user cannot edit.
      const r = await executor.query(
        'select id::text as id, name, address, category, lon, lat from public.facilities where deleted_at is null',
      )
      return r.rows as ExistingFacility[]
    },
    async hasImportFunction() {
      const r = await executor.query(
        `select 1 from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
         where n.nspname = 'public' and p.proname = $1`,
        [IMPORT_FUNCTION],
      )
      return r.rows.length > 0
    },
    async importRows(records, dryRun, source) {
      try {
        return await rpc.call(IMPORT_FUNCTION, { rows: records, dry_run: dryRun, source }, claims)
      } catch (e) {
        if (e instanceof DbError && connectionLost(e)) {
          throw new StoreError(
            `the connection to the database was lost while storing the import (${e.message}). The import is one transaction: nothing of it was stored unless the connection broke after the commit; run it again (rows already stored are skipped as duplicates)`,
            false,
          )
        }
        if (e instanceof DbError) {
          const field = e.field ? ` (field ${e.field})` : ''
          // Class 22 (data), 23 (constraints), 42501 (rights), P0001 (raised by the API): refused.
          const refused = /^(22|23|42501|P0001|PGRST)/.test(e.code)
          throw new StoreError(`the database refused the import${field}: ${e.message}`, refused)
        }
        throw e
      }
    },
    close,
  }
}

/**
 * The server ended the session (class 08 connection exception, 57P01–57P03 shutdown or
 * pg_terminate_backend) or node-postgres saw the socket close.
 */
function connectionLost(e: DbError): boolean {
  return /^(08|57P0[1-3])/.test(e.code) || /connection terminated/i.test(e.message)
}

/** Connects to PostgreSQL at `url` and opens the store as the user with this email. */
export async function openImportStore(url: string, email: string): Promise<ImportStore> {
  const client = new pg.Client({ connectionString: url })
  // A dropped connection also arrives as an 'error' event; unheard, it would end the process
  // with a trace. The failing query reports it (importRows above).
  client.on('error', () => undefined)
  try {
    await client.connect()
  } catch (e) {
    throw new StoreError(`cannot connect to the database: ${(e as Error).message}`, false)
  }
  const executor: SqlExecutor = {
    query: async (sql, params) => {
      const r = await client.query(sql, params as unknown[] | undefined)
      return { rows: r.rows, fields: r.fields }
    },
    exec: async (sql) => client.query(sql),
  }
  return importStoreOver(executor, email, () => client.end().catch(() => undefined))
}
