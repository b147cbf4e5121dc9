import type { Map as MapLibreMap } from 'maplibre-gl'
import type { CoverageResult } from '../core/coverage/types.ts'
import type { Db } from '../data/db.ts'

/**
 * What end-to-end tests and `npm run bench:web` read from the page: the map instance, and a
 * promise that resolves once the facilities from the database are in the map's `facilities`
 * source and the map has gone idle with them drawn.
 *
 * Only in builds made with `VITE_TEST_HOOKS=true` (`vite build --mode e2e`, see .env.e2e): in
 * the production bundle every function here is empty and `window.__lifecircle` never exists.
 */
export interface LifecircleTestHooks {
  map: MapLibreMap | null
  ready: Promise<void>
  isReady: boolean
  /** Number of features last handed to the `facilities` source. */
  facilityCount: number
  db: Db | null
  /** The last coverage result whose shares the map has drawn. */
  coverage?: CoverageResult | null
  /** Resolves once the real database is open; `ready` may come first (early answers). */
  dbOpen?: Promise<void>
  isDbOpen?: boolean
}

declare global {
  interface Window {
    __lifecircle?: LifecircleTestHooks
  }
}

const enabled = import.meta.env.VITE_TEST_HOOKS === 'true'

let resolveReady: () => void = () => {}

function hooks(): LifecircleTestHooks {
  if (!window.__lifecircle) {
    const ready = new Promise<void>((resolve) => {
      resolveReady = resolve
    })
    window.__lifecircle = { map: null, ready, isReady: false, facilityCount: 0, db: null }
    dbOpenPromise()
  }
  return window.__lifecircle
}

export function exposeMap(map: MapLibreMap | null): void {
  if (enabled) hooks().map = map
}

export function exposeDb(db: Db | null): void {
  if (enabled) hooks().db = db
}

export function markFacilitiesDrawn(count: number): void {
  if (!enabled) return
  const h = hooks()
  h.facilityCount = count
  if (!h.isReady) {
    h.isReady = true
    resolveReady()
  }
}

export function exposeCoverage(result: CoverageResult | null): void {
  if (enabled) hooks().coverage = result
}

let resolveDbOpen: () => void = () => {}

/** Resolves once the real database is open (the map may be drawn from early answers before). */
export function dbOpenPromise(): Promise<void> | null {
  if (!enabled) return null
  const h = hooks()
  h.dbOpen ??= new Promise<void>((resolve) => {
    resolveDbOpen = resolve
  })
  return h.dbOpen
}

export function markDbOpen(): void {
  if (!enabled) return
  dbOpenPromise()
  hooks().isDbOpen = true
  resolveDbOpen()
}
