/**
 * PostgreSQL errors across the PGlite worker boundary. PGlite's multi-tab worker hands a
 * failed call back to the tab as the error's message only, which would turn every
 * conflict (PT409), permission (42501) or check failure into an anonymous XX000 in the tabs
 * that are not the leader. The worker therefore puts the fields into the message, and the
 * RPC path (rpc-sql.ts) takes them out again.
 */

const TAG = 'lifecircle-pg-error:'

/** The fields of a PostgreSQL error that callers act on. */
export interface PgErrorFields {
  message: string
  code?: string
  detail?: string
  hint?: string
  column?: string
  constraint?: string
  table?: string
  schema?: string
}

const FIELDS = ['code', 'detail', 'hint', 'column', 'constraint', 'table', 'schema'] as const

/** An Error whose message carries a database error's fields (unchanged if it has no code). */
export function encodePgError(error: unknown): unknown {
  if (typeof error !== 'object' || error === null) return error
  const e = error as Record<string, unknown>
  if (typeof e['code'] !== 'string' || typeof e['message'] !== 'string') return error
  const fields: PgErrorFields = { message: e['message'] }
  for (const k of FIELDS) if (typeof e[k] === 'string') fields[k] = e[k]
  return new Error(TAG + JSON.stringify(fields))
}

/** The fields put in by `encodePgError`, or null for any other error. */
export function decodePgError(error: unknown): PgErrorFields | null {
  const message = error instanceof Error ? error.message : null
  if (!message?.startsWith(TAG)) return null
  try {
    const fields = JSON.parse(message.slice(TAG.length)) as PgErrorFields
    return typeof fields.message === 'string' ? fields : null
  } catch {
    return null
  }
}
