// The virtual module's types, for the Node configs that do not include web/src/**/*.d.ts.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./pglite-image-module.d.ts" />
/**
 * The `local` adapter in a browser tab: PGlite lives in a worker, one per browser profile
 * (PGlite's multi-tab leader election), and this tab reaches it through a PGliteWorker.
 */
import { PGliteWorker } from '@electric-sql/pglite/worker'
import { dbImage } from 'virtual:lifecircle-db-image'
import { LOCAL_DATA_DIR } from './idb-store.ts'
import { createLocalDb } from './local-db.ts'
import type { LocalDb, LocalDbOptions } from './local-db.ts'
import type { OpenFailedMessage, OpenProgressMessage, PgliteWorkerMeta } from './pglite-open.ts'
import type { ProgressListener } from './schema-sql-apply.ts'

export { LOCAL_DATA_DIR } from './idb-store.ts'

export interface WorkerLocalDbOptions extends Pick<LocalDbOptions, 'storage' | 'channelName'> {
  onProgress?: ProgressListener
}

/** Open the profile's database through the PGlite worker (started here, elected or not). */
export async function createWorkerLocalDb(options: WorkerLocalDbOptions = {}): Promise<LocalDb> {
  const worker = new Worker(new URL('../workers/pglite.worker.ts', import.meta.url), {
    type: 'module',
    name: 'pglite',
  })
  const applied: string[] = []
  let onFailed: (error: Error) => void = () => {}
  const failed = new Promise<never>((_, reject) => {
    onFailed = reject
  })
  worker.addEventListener('message', (event: MessageEvent<unknown>) => {
    const data = event.data as OpenProgressMessage | OpenFailedMessage | { type?: unknown }
    if (data.type === 'lifecircle:open-progress') {
      const { done, total, label } = data as OpenProgressMessage
      if (label && !label.startsWith('step:') && done > 0) applied.push(label)
      options.onProgress?.(done, total, label)
    } else if (data.type === 'lifecircle:open-failed') {
      onFailed(new Error((data as OpenFailedMessage).message))
    }
  })
  worker.addEventListener('error', (event) => {
    onFailed(new Error(event.message || 'the database worker failed to start'))
  })
  const meta: PgliteWorkerMeta = {
    image: dbImage ? { ...dbImage, url: new URL(dbImage.url, location.href).href } : null,
  }
  let pg: PGliteWorker
  try {
    pg = await Promise.race([
      PGliteWorker.create(worker, { dataDir: LOCAL_DATA_DIR, meta }),
      failed,
    ])
    // `create` resolves once this tab has a worker; the database is open when the leader says so.
    await Promise.race([pg.waitReady, failed])
  } catch (error) {
    worker.terminate()
    throw error
  }
  return createLocalDb({
    pg,
    applied,
    ...(options.storage !== undefined ? { storage: options.storage } : {}),
    ...(options.channelName !== undefined ? { channelName: options.channelName } : {}),
  })
}
