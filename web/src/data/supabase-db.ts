/**
 * The `supabase` adapter: hosted Supabase through supabase-js. Calls the same API functions
 * as the local adapter (PostgREST `/rest/v1/rpc/<fn>`), signs in with GoTrue, and hears about
 * other users' writes through Realtime `postgres_changes`.
 */
import { createClient } from '@supabase/supabase-js'
import type { SupabaseClient } from '@supabase/supabase-js'
import { DbError, sessionFromProfile } from './db.ts'
import type { ChangeEvent, Db, DbAuth, Session } from './db.ts'
import { toDbError } from './rpc-sql.ts'

export interface SupabaseDbOptions {
  url: string
  anonKey: string
  /** Keep the session in localStorage (default true in the browser). */
  persistSession?: boolean
  /** WebSocket class for Realtime where there is no global one (Node < 22: the `ws` package). */
  webSocket?: unknown
}

export interface SupabaseDb extends Db {
  readonly kind: 'supabase'
  readonly client: SupabaseClient
}

type Row = Record<string, unknown>

const WATCHED_TABLES = ['facilities', 'feedback'] as const

export function createSupabaseDb(options: SupabaseDbOptions): SupabaseDb {
  const persist = options.persistSession ?? typeof localStorage !== 'undefined'
  const client = createClient(options.url, options.anonKey, {
    auth: { persistSession: persist, autoRefreshToken: persist, detectSessionInUrl: persist },
    ...(options.webSocket
      ? { realtime: { transport: options.webSocket as typeof WebSocket } }
      : {}),
  })

  const rpc = async <T = unknown>(fn: string, args: Record<string, unknown> = {}): Promise<T> => {
    const { data, error } = await client.rpc(fn, args)
    if (error) throw toDbError(error)
    return data as T
  }

  const sessionFor = async (userId: string, email: string | null): Promise<Session> =>
    sessionFromProfile(userId, email, await rpc<Row>('my_profile'))

  const auth: DbAuth = {
    async session() {
      const { data, error } = await client.auth.getSession()
      if (error) throw new DbError(error.message, error.code ?? 'auth_error')
      const user = data.session?.user
      return user ? sessionFor(user.id, user.email ?? null) : null
    },
    async signIn(email: string, password?: string) {
      if (!password) throw new DbError('password: required', 'invalid_credentials', 'password')
      const { data, error } = await client.auth.signInWithPassword({ email, password })
      if (error) throw new DbError(error.message, error.code ?? 'invalid_credentials')
      return sessionFor(data.user.id, data.user.email ?? null)
    },
    async sendMagicLink(email: string, redirectTo?: string) {
      if (!email.trim()) throw new DbError('email: required', 'validation_failed', 'email')
      // shouldCreateUser false: a link signs in people the project already has, never signs up.
      const { error } = await client.auth.signInWithOtp({
        email: email.trim(),
        options: {
          shouldCreateUser: false,
          ...(redirectTo ? { emailRedirectTo: redirectTo } : {}),
        },
      })
      if (error) throw new DbError(error.message, error.code ?? 'auth_error', 'email')
    },
    async signOut() {
      const { error } = await client.auth.signOut()
      if (error) throw new DbError(error.message, error.code ?? 'auth_error')
    },
    onChange(listener) {
      const { data } = client.auth.onAuthStateChange((_event, session) => {
        // Do not await inside the callback: supabase-js holds its auth lock while calling it.
        setTimeout(() => {
          const user = session?.user
          if (!user) return listener(null)
          sessionFor(user.id, user.email ?? null).then(listener, () => listener(null))
        }, 0)
      })
      return () => data.subscription.unsubscribe()
    },
  }

  const listeners = new Set<(e: ChangeEvent) => void>()
  let channel: ReturnType<SupabaseClient['channel']> | null = null
  const openChannel = () => {
    let ch = client.channel('lifecircle-changes')
    for (const table of WATCHED_TABLES) {
      ch = ch.on('postgres_changes', { event: '*', schema: 'public', table }, (payload) => {
        const row = (payload.eventType === 'DELETE' ? payload.old : payload.new) as Row
        const event: ChangeEvent = {
          table,
          kind: payload.eventType.toLowerCase() as ChangeEvent['kind'],
          id: String(row['id']),
        }
        listeners.forEach((l) => l(event))
      })
    }
    return ch.subscribe()
  }

  return {
    kind: 'supabase',
    client,
    rpc,
    auth,
    subscribe(listener) {
      listeners.add(listener)
      channel ??= openChannel()
      return () => {
        listeners.delete(listener)
        if (listeners.size === 0 && channel) {
          void client.removeChannel(channel)
          channel = null
        }
      }
    },
  }
}
