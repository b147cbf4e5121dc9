/**
 * The browser profile's one PGlite. Every tab starts this worker; PGlite's multi-tab support
 * elects one (a Web Lock) to open the database, and all tabs talk to it, so no tab ever holds
 * a copy of the store of its own that it could write back stale. When the leader tab closes,
 * another tab's worker takes over and reopens the store.
 */
import { worker } from '@electric-sql/pglite/worker'
// This worker hosts the database, not a core computation: it needs the data layer's opener.
/* eslint-disable import-x/no-restricted-paths */
import { openBrowserPglite } from '../data/pglite-open.ts'
import type {
  OpenFailedMessage,
  OpenProgressMessage,
  PgliteWorkerMeta,
} from '../data/pglite-open.ts'
/* eslint-enable import-x/no-restricted-paths */

void worker({
  async init(options) {
    const meta = (options.meta ?? { image: null }) as PgliteWorkerMeta
    try {
      return await openBrowserPglite({
        dataDir: options.dataDir ?? 'idb://lifecircle',
        image: meta.image,
        // Only this worker's own tab hears these: the tab that won the election.
        onProgress: (done, total, label) =>
          postMessage({
            type: 'lifecircle:open-progress',
            done,
            total,
            label,
          } satisfies OpenProgressMessage),
      })
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      postMessage({ type: 'lifecircle:open-failed', message } satisfies OpenFailedMessage)
      throw error
    }
  },
})
