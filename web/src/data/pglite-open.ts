/**
 * Opening the browser's one PGlite, in the leader tab's worker (workers/pglite.worker.ts):
 * a store that exists is opened and brought up to date with new migrations; a first visit
 * loads the database image prepared at build time (schema, seed, demo city) instead of running
 * initdb, the migrations and the seed in the page; without an image (or when it cannot be
 * fetched) the SQL is applied, the first start in one transaction.
 */
import { PGlite } from '@electric-sql/pglite'
import { cube } from '@electric-sql/pglite/contrib/cube'
import { earthdistance } from '@electric-sql/pglite/contrib/earthdistance'
import { idbStoreHasCluster } from './idb-store.ts'
import { encodePgError } from './pglite-errors.ts'
import { applySqlSources } from './schema-sql-apply.ts'
import type { ProgressListener } from './schema-sql-apply.ts'

/** Where the build put the database image, and what it holds. */
export interface DbImageRef {
  /** Absolute URL of the .tar.gz (a worker resolves relative URLs against its own script). */
  url: string
  digest: string
  /** The SQL files applied in the image; the same list the app bundles. */
  names: readonly string[]
}

/** Steps reported through `onProgress` besides SQL file names (see startup-screens.tsx). */
export const OPEN_STEPS = {
  download: 'step:download',
  open: 'step:open',
  upgrade: 'step:upgrade',
} as const

/** Sent by the PGlite worker to its tab while it opens the database. */
export interface OpenProgressMessage {
  type: 'lifecircle:open-progress'
  done: number
  total: number
  label: string
}
export interface OpenFailedMessage {
  type: 'lifecircle:open-failed'
  message: string
}

/** What a tab hands its PGlite worker in `PGliteWorker`'s `meta` option. */
export interface PgliteWorkerMeta {
  image: DbImageRef | null
}

async function fetchImage(image: DbImageRef): Promise<Blob | null> {
  try {
    const response = await fetch(image.url)
    if (!response.ok) throw new Error(`HTTP ${response.status}`)
    const bytes = new Uint8Array(await response.arrayBuffer())
    // A server may have undone the gzip already (Content-Encoding); PGlite wants to be told.
    const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b
    return new Blob([bytes], { type: gzip ? 'application/gzip' : 'application/x-tar' })
  } catch (error) {
    console.warn(`database image ${image.url} not loaded, building the database instead:`, error)
    return null
  }
}

interface StoreState {
  complete: boolean
  names: Set<string>
}

async function storeState(pg: PGlite): Promise<StoreState | null> {
  try {
    const { rows } = await pg.query<{ name: string; kind: string }>(
      `select name, kind from private.applied_sql
       union all select '', 'first-start' from private.first_start`,
    )
    return {
      complete: rows.some((r) => r.kind === 'first-start' || r.kind === 'seed'),
      names: new Set(rows.map((r) => r.name)),
    }
  } catch {
    return null // no bookkeeping yet: a bare cluster, or a store from before private.first_start
  }
}

export interface OpenBrowserPgliteOptions {
  dataDir: string
  image: DbImageRef | null
  onProgress?: ProgressListener
}

/**
 * The database as the worker serves it to the tabs: PGlite itself, except that a failed
 * statement's error keeps its code and fields on the way to the tab (see pglite-errors.ts).
 */
function servedToTabs(pg: PGlite): PGlite {
  const keepFields =
    <A extends unknown[], R>(run: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await run(...args)
      } catch (error) {
        throw encodePgError(error)
      }
    }
  const execProtocol = keepFields(pg.execProtocol.bind(pg))
  const execProtocolStream = keepFields(pg.execProtocolStream.bind(pg))
  return new Proxy(pg, {
    get(target, prop) {
      if (prop === 'execProtocol') return execProtocol
      if (prop === 'execProtocolStream') return execProtocolStream
      // PGlite keeps its state in private fields: its methods must run on PGlite itself.
      const value: unknown = Reflect.get(target, prop, target)
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value
    },
  })
}

/**
 * Open the profile's database in this (leader) worker, ready for the app: loaded from the
 * image or the store, with every bundled migration applied.
 */
export async function openBrowserPglite(options: OpenBrowserPgliteOptions): Promise<PGlite> {
  const { dataDir, image, onProgress } = options
  const extensions = { cube, earthdistance }
  let loadDataDir: Blob | null = null
  if (image && !(await idbStoreHasCluster(dataDir))) {
    onProgress?.(0, 0, OPEN_STEPS.download)
    loadDataDir = await fetchImage(image)
  }
  onProgress?.(0, 0, OPEN_STEPS.open)
  const pg = await PGlite.create({
    dataDir,
    extensions,
    ...(loadDataDir ? { loadDataDir } : {}),
  })
  try {
    // The loaded image goes to IndexedDB in one transaction (IDBFS writes a sync in one), so
    // a visit closed before this point finds no cluster next time and loads the image again.
    if (loadDataDir) await pg.syncToFs()
    const state = await storeState(pg)
    const upToDate =
      image !== null &&
      state !== null &&
      state.complete &&
      image.names.every((name) => state.names.has(name))
    if (!upToDate) {
      onProgress?.(0, 0, OPEN_STEPS.upgrade)
      // The SQL is only downloaded when it is needed: no image, or a store older than the app.
      const { allSqlSources } = await import('./schema-sql.ts')
      await applySqlSources(pg, allSqlSources(), onProgress)
      await pg.syncToFs()
    }
    return servedToTabs(pg)
  } catch (error) {
    await pg.close().catch(() => undefined)
    throw error
  }
}
