/**
 * The early answers of the last visit (early-answers.ts), kept in IndexedDB: what this profile's
 * database last answered an anonymous caller, tagged with the build's database digest. A later
 * visit of the same build draws the map from them while its database opens. Any row change
 * deletes them, so they are never older than the database they came from.
 */
import { EARLY_ANSWERS_DB } from './idb-store.ts'
import { publicAnswersFrom, type PublicAnswers } from './early-answers.ts'

const STORE = 'answers'
const KEY = 'public'

interface Stored {
  /** The database image digest of the build that stored them. */
  digest: string
  savedAt: string
  answers: PublicAnswers
}

function openCache(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(EARLY_ANSWERS_DB, 1)
    request.onupgradeneeded = () => {
      if (!request.result.objectStoreNames.contains(STORE)) request.result.createObjectStore(STORE)
    }
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error ?? new Error(`could not open ${EARLY_ANSWERS_DB}`))
    request.onblocked = () => reject(new Error(`${EARLY_ANSWERS_DB} is blocked`))
  })
}

async function withStore<T>(
  mode: IDBTransactionMode,
  work: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  const db = await openCache()
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode)
      const request = work(tx.objectStore(STORE))
      tx.oncomplete = () => resolve(request.result)
      tx.onerror = () => reject(tx.error ?? new Error(`${EARLY_ANSWERS_DB}: ${mode} failed`))
      tx.onabort = () => reject(tx.error ?? new Error(`${EARLY_ANSWERS_DB}: ${mode} aborted`))
    })
  } finally {
    db.close()
  }
}

/** The kept answers when the same build (`digest`) stored them; null otherwise or on any error. */
export async function readCachedAnswers(digest: string): Promise<PublicAnswers | null> {
  try {
    const stored = (await withStore('readonly', (s) => s.get(KEY))) as Stored | undefined
    if (!stored || stored.digest !== digest) return null
    return publicAnswersFrom(stored.answers)
  } catch {
    return null // no IndexedDB (private mode) or a broken cache: the map waits for the database
  }
}

export async function writeCachedAnswers(digest: string, answers: PublicAnswers): Promise<void> {
  const stored: Stored = { digest, savedAt: new Date().toISOString(), answers }
  await withStore('readwrite', (s) => s.put(stored, KEY))
}

export async function clearCachedAnswers(): Promise<void> {
  await withStore('readwrite', (s) => s.delete(KEY))
}
