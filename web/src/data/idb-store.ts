/**
 * What a page or worker can learn about the embedded database's IndexedDB store without
 * opening PGlite (which costs seconds): whether this browser profile already has one.
 */

const FILE_STORE = 'FILE_DATA' // Emscripten IDBFS's object store

/**
 * Whether an `idb://name` data directory already holds a database cluster: PGlite keeps it in
 * the IndexedDB database `/pglite/name`, one record per file keyed by path.
 */
export async function idbStoreHasCluster(dataDir: string): Promise<boolean> {
  const name = dataDir.replace(/^idb:\/\//, '/pglite/')
  const known = (await indexedDB.databases?.()) ?? null
  if (known && !known.some((d) => d.name === name)) return false
  return new Promise<boolean>((resolve, reject) => {
    const request = indexedDB.open(name)
    // Never create or upgrade PGlite's database from here: that is IDBFS's job.
    request.onupgradeneeded = () => request.transaction?.abort()
    request.onerror = () => {
      if (request.error?.name === 'AbortError') resolve(false)
      else reject(request.error ?? new Error(`could not open IndexedDB ${name}`))
    }
    request.onsuccess = () => {
      const db = request.result
      if (!db.objectStoreNames.contains(FILE_STORE)) {
        db.close()
        resolve(false)
        return
      }
      const get = db
        .transaction(FILE_STORE, 'readonly')
        .objectStore(FILE_STORE)
        .count(`${name}/PG_VERSION`)
      get.onsuccess = () => {
        db.close()
        resolve(get.result > 0)
      }
      get.onerror = () => {
        db.close()
        reject(get.error ?? new Error(`could not read IndexedDB ${name}`))
      }
    }
  })
}

/** The profile's embedded database (PGlite's `idb://` data directory). */
export const LOCAL_DATA_DIR = 'idb://lifecircle'

/** Where the early answers of the last visit are kept (early-answers-cache.ts). */
export const EARLY_ANSWERS_DB = 'lifecircle-early'

/**
 * Delete this profile's embedded database and what is kept beside it, for a fresh start.
 * PGlite keeps an `idb://name` data directory in an IndexedDB database called `/pglite/name`.
 */
export async function deleteLocalStores(): Promise<void> {
  const all = (await indexedDB.databases?.()) ?? []
  await Promise.all(
    all
      .map((d) => d.name)
      .filter(
        (name): name is string =>
          !!name && (name.startsWith('/pglite/') || name === EARLY_ANSWERS_DB),
      )
      .map(
        (name) =>
          new Promise<void>((resolve, reject) => {
            const request = indexedDB.deleteDatabase(name)
            request.onsuccess = () => resolve()
            request.onerror = () => reject(request.error ?? new Error(`could not delete ${name}`))
            request.onblocked = () => resolve()
          }),
      ),
  )
}
