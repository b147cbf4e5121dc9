import { describe, expect, it } from 'vitest'
import type { ChangeEvent, Db, Session } from './db.ts'
import { createDeferredDb } from './deferred-db.ts'
import type { PublicAnswers } from './early-answers.ts'

const answers: PublicAnswers = {
  list_categories: [{ code: 'canteen' }],
  list_communities: [{ id: 'c1' }],
  facilities: [
    { id: 'f1', category: 'canteen', lon: 121.1, lat: 31.1 },
    { id: 'f2', category: 'store', lon: 121.5, lat: 31.5 },
  ],
}

/** A stand-in for the opened database that records its calls. */
function recordingDb() {
  const calls: string[] = []
  const changeListeners = new Set<(e: ChangeEvent) => void>()
  const authListeners = new Set<(s: Session | null) => void>()
  const db: Db = {
    kind: 'local',
    async rpc<T>(fn: string): Promise<T> {
      calls.push(fn)
      return [{ from: 'database', fn }] as T
    },
    auth: {
      session: async () => null,
      signIn: async () => {
        throw new Error('not here')
      },
      signOut: async () => {},
      onChange: (l) => {
        authListeners.add(l)
        return () => authListeners.delete(l)
      },
    },
    subscribe: (l) => {
      changeListeners.add(l)
      return () => changeListeners.delete(l)
    },
  }
  return { db, calls, changeListeners, authListeners }
}

function deferred() {
  let open: (db: Db) => void = () => {}
  let fail: (e: Error) => void = () => {}
  const opening = new Promise<Db>((resolve, reject) => {
    open = resolve
    fail = reject
  })
  return { opening, open, fail }
}

describe('createDeferredDb', () => {
  it('answers the public reads early, waits for the database for the rest', async () => {
    const { opening, open } = deferred()
    const db = createDeferredDb({ kind: 'local', opening, early: Promise.resolve(answers) })
    expect(await db.rpc('list_categories')).toEqual(answers.list_categories)
    const inBox = await db.rpc('facilities_in_bbox', {
      min_lon: 121,
      min_lat: 31,
      max_lon: 121.2,
      max_lat: 31.2,
    })
    expect(inBox).toEqual([answers.facilities[0]])
    let nearest: unknown = null
    const waiting = db.rpc('nearest_facilities', {}).then((r) => (nearest = r))
    await new Promise((r) => setTimeout(r, 10))
    expect(nearest).toBeNull()
    const real = recordingDb()
    open(real.db)
    await waiting
    expect(nearest).toEqual([{ from: 'database', fn: 'nearest_facilities' }])
    // Once open, even the public reads are the database's own.
    expect(await db.rpc('list_categories')).toEqual([{ from: 'database', fn: 'list_categories' }])
    expect(db.current()).toBe(real.db)
    expect(db.answersEarly('list_categories')).toBe(false)
  })

  it('without early answers every call waits for the database', async () => {
    const { opening, open } = deferred()
    const db = createDeferredDb({ kind: 'local', opening, early: Promise.resolve(null) })
    const call = db.rpc('list_categories')
    const real = recordingDb()
    open(real.db)
    expect(await call).toEqual([{ from: 'database', fn: 'list_categories' }])
    expect(real.calls).toEqual(['list_categories'])
  })

  it('carries early subscriptions over to the opened database', async () => {
    const { opening, open } = deferred()
    const db = createDeferredDb({ kind: 'local', opening, early: Promise.resolve(answers) })
    const changes: ChangeEvent[] = []
    const sessions: (Session | null)[] = []
    const off = db.subscribe((e) => changes.push(e))
    db.auth.onChange((s) => sessions.push(s))
    const real = recordingDb()
    open(real.db)
    await db.opened
    await Promise.resolve()
    const event: ChangeEvent = { table: 'facilities', kind: 'update', id: 'f1' }
    real.changeListeners.forEach((l) => l(event))
    real.authListeners.forEach((l) => l(null))
    expect(changes).toEqual([event])
    expect(sessions).toEqual([null])
    off()
    real.changeListeners.forEach((l) => l(event))
    expect(changes).toHaveLength(1)
  })

  it('rejects the waiting calls with the reason the database did not open', async () => {
    const { opening, fail } = deferred()
    const db = createDeferredDb({ kind: 'local', opening, early: Promise.resolve(answers) })
    const call = db.rpc('save_facility', {})
    fail(new Error('migration 0003 failed'))
    await expect(call).rejects.toThrow('migration 0003 failed')
    await expect(db.auth.session()).rejects.toThrow('migration 0003 failed')
  })
})
