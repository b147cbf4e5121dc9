/**
 * Picks the adapter: hosted Supabase when both VITE_SUPABASE_URL and VITE_SUPABASE_ANON_KEY
 * are set, otherwise the embedded local database (PGlite in IndexedDB).
 */
import type { Db } from './db.ts'
import type { ProgressListener } from './schema-sql.ts'

export interface DbEnv {
  VITE_SUPABASE_URL?: string | undefined
  VITE_SUPABASE_ANON_KEY?: string | undefined
}

export interface CreateDbOptions {
  onProgress?: ProgressListener
  /** Defaults to import.meta.env. */
  env?: DbEnv
  /** Passed to the Supabase adapter for Realtime where there is no global WebSocket (Node < 22). */
  webSocket?: unknown
}

export function dbKindFor(env: DbEnv): 'local' | 'supabase' {
  return env.VITE_SUPABASE_URL?.trim() && env.VITE_SUPABASE_ANON_KEY?.trim() ? 'supabase' : 'local'
}

export async function createDb(options: CreateDbOptions = {}): Promise<Db> {
  const env: DbEnv = options.env ?? (import.meta.env as DbEnv)
  // Imported on demand so the Supabase build does not ship PGlite's WASM, and vice versa.
  if (dbKindFor(env) === 'supabase') {
    const { createSupabaseDb } = await import('./supabase-db.ts')
    return createSupabaseDb({
      url: env.VITE_SUPABASE_URL!.trim(),
      anonKey: env.VITE_SUPABASE_ANON_KEY!.trim(),
      ...(options.webSocket ? { webSocket: options.webSocket } : {}),
    })
  }
  const progress = options.onProgress ? { onProgress: options.onProgress } : {}
  if (typeof Worker !== 'undefined' && typeof indexedDB !== 'undefined') {
    // A browser: the profile's one PGlite, in the leader tab's worker, stored in IndexedDB.
    const { createWorkerLocalDb } = await import('./pglite-worker-db.ts')
    return createWorkerLocalDb(progress)
  }
  const { createLocalDb } = await import('./local-db.ts')
  return createLocalDb(progress)
}
