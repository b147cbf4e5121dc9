// The virtual module's types, for the Node configs that do not include web/src/**/*.d.ts.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./pglite-image-module.d.ts" />
/**
 * Where a page's early answers come from (early-answers.ts) and how they are kept for the next
 * visit. Only for the embedded database of a build with a database image.
 */
import { dbImage } from 'virtual:lifecircle-db-image'
import type { Db } from './db.ts'
import { clearCachedAnswers, readCachedAnswers, writeCachedAnswers } from './early-answers-cache.ts'
import { publicAnswersFrom, type PublicAnswers } from './early-answers.ts'
import { idbStoreHasCluster, LOCAL_DATA_DIR } from './idb-store.ts'

/** Above this many facilities the answers are not kept (IndexedDB writes of tens of MB). */
const MAX_KEPT_FACILITIES = 30_000

/**
 * The early answers for this visit: the last visit's, kept by this build; else, on a first
 * visit (no database in this profile), the build's own, computed from the image this visit
 * loads. Null when neither applies: a database exists but nothing was kept of it.
 */
export async function loadEarlyAnswers(): Promise<EarlyAnswers | null> {
  if (!dbImage?.publicUrl || typeof indexedDB === 'undefined') return null
  const kept = await readCachedAnswers(dbImage.digest)
  if (kept) return { answers: kept, from: 'kept' }
  try {
    if (await idbStoreHasCluster(LOCAL_DATA_DIR)) return null
    const response = await fetch(new URL(dbImage.publicUrl, location.href))
    if (!response.ok) return null
    const answers = publicAnswersFrom(await response.json())
    return answers ? { answers, from: 'build' } : null
  } catch {
    return null
  }
}

export interface EarlyAnswers {
  answers: PublicAnswers
  /** `build`: this build's, for a first visit; `kept`: what this profile's database answered. */
  from: 'build' | 'kept'
}

async function readPublicAnswers(db: Db): Promise<PublicAnswers> {
  const [list_categories, list_communities, facilities] = await Promise.all([
    db.rpc<unknown[]>('list_categories'),
    db.rpc<unknown[]>('list_communities'),
    db.rpc<unknown[]>('facilities_in_bbox', {
      min_lon: -180,
      min_lat: -90,
      max_lon: 180,
      max_lat: 90,
    }),
  ])
  return { list_categories, list_communities, facilities }
}

/**
 * Keeps what the open database answers an anonymous caller for the next visit: written once
 * the page has settled, deleted on any row change (this tab or another) and written again.
 * Returns the function that stops it.
 */
export function keepEarlyAnswers(
  db: Db,
  options: { delayMs?: number; firstVisit?: PublicAnswers } = {},
): () => void {
  const delayMs = options.delayMs ?? 3000
  const digest = dbImage?.digest
  if (!digest || db.kind !== 'local' || typeof indexedDB === 'undefined') return () => {}
  // Row changes bump the generation: a read that started before one is never written.
  let generation = 0
  let timer: ReturnType<typeof setTimeout> | null = null
  let queue: Promise<unknown> = Promise.resolve()
  const serial = (work: () => Promise<unknown>) => {
    queue = queue.then(work).catch(() => undefined)
  }
  const refresh = () => {
    const at = generation
    serial(async () => {
      // Only an anonymous caller's view is kept: staff see drafts a resident must not.
      if ((await db.auth.session()) !== null) return
      const answers = await readPublicAnswers(db)
      if (answers.facilities.length > MAX_KEPT_FACILITIES) return
      if (at === generation) await writeCachedAnswers(digest, answers)
    })
  }
  const schedule = () => {
    if (timer !== null) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = null
      refresh()
    }, delayMs)
  }
  const offChanges = db.subscribe(() => {
    generation++
    serial(clearCachedAnswers)
    schedule()
  })
  const offAuth = db.auth.onChange(schedule)
  const { firstVisit } = options
  if (firstVisit) {
    // The database was just made from the image these answers came from: they are its
    // answers as long as nothing has changed, so keep them now (a visit may be short).
    serial(async () => {
      if (generation === 0 && (await db.auth.session()) === null)
        await writeCachedAnswers(digest, firstVisit)
    })
  }
  schedule()
  return () => {
    if (timer !== null) clearTimeout(timer)
    offChanges()
    offAuth()
  }
}
