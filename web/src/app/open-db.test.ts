import { describe, expect, it } from 'vitest'
import type { Db } from '../data/db.ts'
import { createDbOpener, type DbFactory } from './open-db.ts'

const fakeDbShape = { kind: 'local' } as unknown as Db

describe('createDbOpener', () => {
  it('opens once however many subscribers, and reports progress then ready', async () => {
    let calls = 0
    let finish: (db: Db) => void = () => {}
    const factory: DbFactory = ({ onProgress }) => {
      calls++
      onProgress(1, 3, 'initdb')
      return new Promise((resolve) => {
        finish = resolve
      })
    }
    const opener = createDbOpener(factory)
    const seen: string[] = []
    const record = () => {
      const s = opener.getState()
      seen.push(
        s.status === 'opening'
          ? `opening ${s.progress?.done}/${s.progress?.total} ${s.progress?.label}`
          : s.status,
      )
    }
    const off1 = opener.subscribe(record)
    opener.subscribe(() => {})
    off1()
    opener.subscribe(record)
    expect(calls).toBe(1)
    expect(opener.getState()).toEqual({
      status: 'opening',
      progress: { done: 1, total: 3, label: 'initdb' },
    })
    finish(fakeDbShape)
    await Promise.resolve()
    await Promise.resolve()
    expect(opener.getState()).toEqual({ status: 'ready', db: fakeDbShape })
    expect(seen.at(-1)).toBe('ready')
  })

  it('turns a rejection, even a non-Error, into a failed state with a message', async () => {
    const opener = createDbOpener(() => Promise.reject('migration 0003 failed: syntax error'))
    opener.subscribe(() => {})
    await new Promise((r) => setTimeout(r, 0))
    const state = opener.getState()
    expect(state.status).toBe('failed')
    expect(state.status === 'failed' && state.error.message).toBe(
      'migration 0003 failed: syntax error',
    )
  })
})
