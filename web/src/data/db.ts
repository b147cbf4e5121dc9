/**
 * The one port through which the app reaches its database. Two adapters implement it:
 * `local` (PGlite in the browser, the embedded default) and `supabase` (hosted Supabase).
 * All reads and writes are SQL functions (see supabase/README.md), so no query logic is
 * written twice.
 */

export type Role = 'anon' | 'resident' | 'worker' | 'planner' | 'admin'

export interface Session {
  userId: string
  email: string | null
  role: Role
  displayName: string | null
  /** Communities this user may edit (workers). */
  communities: string[]
}

/** A database error with the SQLSTATE and, where known, the offending field. */
export class DbError extends Error {
  override name = 'DbError'
  constructor(
    message: string,
    readonly code: string,
    readonly field: string | null = null,
    readonly details: string | null = null,
  ) {
    super(message)
  }
  /** Optimistic-concurrency conflict: someone saved the row since it was read. */
  get isConflict(): boolean {
    return this.code === 'PT409'
  }
  get isForbidden(): boolean {
    return this.code === '42501'
  }
}

export interface ChangeEvent {
  table: 'facilities' | 'feedback' | 'communities'
  kind: 'insert' | 'update' | 'delete'
  id: string
}

export interface DbAuth {
  /** The current session, or null when anonymous. */
  session(): Promise<Session | null>
  /** Local mode: sign in as one of the seeded demo users by email; Supabase: email + password. */
  signIn(email: string, password?: string): Promise<Session>
  /**
   * Hosted only: email a one-time sign-in link that comes back to `redirectTo` (the page the
   * user asked from). Absent on the embedded default, which has no mail.
   */
  sendMagicLink?(email: string, redirectTo?: string): Promise<void>
  signOut(): Promise<void>
  onChange(listener: (session: Session | null) => void): () => void
}

export interface Db {
  readonly kind: 'local' | 'supabase'
  /** Call an API function by name with named arguments. Throws DbError. */
  rpc<T = unknown>(fn: string, args?: Record<string, unknown>): Promise<T>
  readonly auth: DbAuth
  /** Be told when rows change (another tab, another user); returns an unsubscribe function. */
  subscribe(listener: (event: ChangeEvent) => void): () => void
}

const ROLES: readonly Role[] = ['anon', 'resident', 'worker', 'planner', 'admin']

/** A Session from the `my_profile()` API result (both adapters build sessions this way). */
export function sessionFromProfile(
  userId: string,
  email: string | null,
  profile: Record<string, unknown>,
): Session {
  const role = ROLES.includes(profile['role'] as Role) ? (profile['role'] as Role) : 'resident'
  const communities = Array.isArray(profile['communities'])
    ? profile['communities'].map(String)
    : []
  const displayName = typeof profile['display_name'] === 'string' ? profile['display_name'] : null
  return { userId, email, role, displayName, communities }
}
