import type { Db } from '../data/db.ts'

export interface OpenProgress {
  done: number
  total: number
  label: string
}

export type DbFactory = (options: {
  onProgress: (done: number, total: number, label: string) => void
}) => Promise<Db>

export type OpenState =
  | { status: 'opening'; progress: OpenProgress | null }
  | { status: 'ready'; db: Db }
  | { status: 'failed'; error: Error }

/**
 * Opens the database once per page, however often React mounts the gate (StrictMode mounts
 * twice in development; two PGlite instances on one IndexedDB store would fight over it).
 */
export function createDbOpener(factory: DbFactory, options: { startOnSubscribe?: boolean } = {}) {
  const startOnSubscribe = options.startOnSubscribe ?? true
  let state: OpenState = { status: 'opening', progress: null }
  let started = false
  let settle: { resolve(db: Db): void; reject(error: Error): void } | null = null
  const opened = new Promise<Db>((resolve, reject) => {
    settle = { resolve, reject }
  })
  // Whoever needs the database awaits `opened`; the failure itself is shown from `getState`.
  opened.catch(() => undefined)
  const listeners = new Set<() => void>()
  const emit = (next: OpenState) => {
    state = next
    for (const listener of listeners) listener()
  }
  const start = () => {
    if (started) return
    started = true
    factory({
      // A late progress report never takes an open (or failed) database back to "opening".
      onProgress: (done, total, label) => {
        if (state.status === 'opening')
          emit({ status: 'opening', progress: { done, total, label } })
      },
    }).then(
      (db) => {
        emit({ status: 'ready', db })
        settle?.resolve(db)
      },
      (error: unknown) => {
        const failure = error instanceof Error ? error : new Error(String(error))
        emit({ status: 'failed', error: failure })
        settle?.reject(failure)
      },
    )
  }
  return {
    /**
     * Start opening now, before React renders (main.tsx): the database worker, PGlite's WASM
     * and the database image then load while the page's own code and the map start up.
     */
    start,
    /** For `useSyncExternalStore`: starts opening on first subscription. */
    subscribe(listener: () => void): () => void {
      listeners.add(listener)
      if (startOnSubscribe) start()
      return () => listeners.delete(listener)
    },
    getState: (): OpenState => state,
    /** The database once open (rejects with the same error as the failed state). */
    opened,
  }
}
export type DbOpener = ReturnType<typeof createDbOpener>
