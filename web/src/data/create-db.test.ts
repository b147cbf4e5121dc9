import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createDb, dbKindFor } from './create-db.ts'

describe('createDb', () => {
  it('chooses Supabase only when both the URL and the anon key are set', () => {
    expect(dbKindFor({})).toBe('local')
    expect(dbKindFor({ VITE_SUPABASE_URL: 'https://x.supabase.co' })).toBe('local')
    expect(dbKindFor({ VITE_SUPABASE_ANON_KEY: 'key' })).toBe('local')
    expect(dbKindFor({ VITE_SUPABASE_URL: '  ', VITE_SUPABASE_ANON_KEY: 'key' })).toBe('local')
    expect(
      dbKindFor({ VITE_SUPABASE_URL: 'https://x.supabase.co', VITE_SUPABASE_ANON_KEY: 'key' }),
    ).toBe('supabase')
  })

  it('builds the Supabase adapter from the environment without touching the network', async () => {
    const db = await createDb({
      env: { VITE_SUPABASE_URL: 'http://127.0.0.1:9', VITE_SUPABASE_ANON_KEY: 'anon' },
      webSocket: WebSocket,
    })
    expect(db.kind).toBe('supabase')
  })

  it('otherwise opens the embedded database with the schema applied', async () => {
    const progress: number[] = []
    const db = await createDb({ env: {}, onProgress: (done) => progress.push(done) })
    try {
      expect(db.kind).toBe('local')
      const categories = await db.rpc<{ code: string }[]>('list_categories')
      expect(categories.map((c) => c.code)).toEqual(['canteen', 'childcare', 'fitness', 'store'])
      expect(progress.length).toBeGreaterThan(10)
    } finally {
      await (db as { close?: () => Promise<void> }).close?.()
    }
  })
})
