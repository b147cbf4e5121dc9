import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DbError } from './db.ts'
import type { ChangeEvent } from './db.ts'
import { createLocalDb, memoryStorage } from './local-db.ts'
import type { LocalDb } from './local-db.ts'
import { schemaSources } from './schema-sql.ts'
import type { SqlSource } from './schema-sql.ts'

const FIXTURE: SqlSource = {
  name: 'tests/db/fixture-seed.sql',
  kind: 'seed',
  sql: readFileSync(new URL('../../../tests/db/fixture-seed.sql', import.meta.url), 'utf8'),
}
const COMMUNITY_A = '00000000-0000-4000-8000-00000000c0a1'
const UNPUBLISHED_A = '00000000-0000-4000-8000-0000000f0003'
const STORE_A = '00000000-0000-4000-8000-0000000f0002'

type Row = Record<string, unknown>

describe('local adapter (PGlite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lifecircle-local-db-'))
  const storage = memoryStorage()
  const channelName = `lifecircle-changes-test-${process.pid}`
  const progress: [number, number, string][] = []
  let db: LocalDb

  beforeAll(async () => {
    db = await createLocalDb({
      dataDir: dir,
      storage,
      channelName,
      sources: [...schemaSources(), FIXTURE],
      onProgress: (done, total, label) => progress.push([done, total, label]),
    })
    // PGlite's start and the whole schema: minutes on a busy 2-core machine.
  }, 300_000)

  afterAll(async () => {
    await db?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('applies compat, migrations and the seed once, reporting progress', () => {
    const expected = [...schemaSources(), FIXTURE].map((s) => s.name)
    expect(db.kind).toBe('local')
    expect(db.applied).toEqual(expected)
    expect(progress[0]).toEqual([0, expected.length, ''])
    expect(progress.at(-1)).toEqual([expected.length, expected.length, FIXTURE.name])
  })

  it('is anonymous until someone signs in, and RLS applies to the anonymous caller', async () => {
    expect(await db.auth.session()).toBeNull()
    expect(await db.rpc('my_profile')).toEqual({ role: 'anon' })
    expect(await db.rpc<Row[]>('get_facility', { facility_id: UNPUBLISHED_A })).toEqual([])
    expect(await db.rpc<Row[]>('get_facility', { facility_id: STORE_A })).toHaveLength(1)
  })

  it('signs in as a seeded user by email and remembers the session in storage', async () => {
    const changes: (string | null)[] = []
    const off = db.auth.onChange((s) => changes.push(s ? s.role : null))
    await expect(db.auth.signIn('nobody@test.lifecircle')).rejects.toSatisfy(
      (e: unknown) => e instanceof DbError && e.code === 'invalid_credentials',
    )
    const session = await db.auth.signIn('Worker.A@test.lifecircle')
    expect(session).toEqual({
      userId: '00000000-0000-4000-8000-0000000a0002',
      email: 'worker.a@test.lifecircle',
      role: 'worker',
      displayName: '甲社区工作者',
      communities: [COMMUNITY_A],
    })
    expect(JSON.parse(storage.getItem('lifecircle.session') ?? 'null')).toMatchObject({
      userId: session.userId,
    })
    expect(await db.auth.session()).toEqual(session)
    // Now the worker's row-level security applies: their community's draft is visible.
    expect(await db.rpc<Row[]>('get_facility', { facility_id: UNPUBLISHED_A })).toHaveLength(1)
    off()
    expect(changes).toEqual(['worker'])
  })

  it('tells subscribers and other tabs about successful writes only', async () => {
    const seen: ChangeEvent[] = []
    const otherTab: ChangeEvent[] = []
    const tab = new BroadcastChannel(channelName)
    const heard = new Promise<void>((resolve) => {
      tab.onmessage = (msg: MessageEvent<ChangeEvent>) => {
        otherTab.push(msg.data)
        if (otherTab.length === 3) resolve()
      }
    })
    const off = db.subscribe((e) => seen.push(e))
    const [created] = await db.rpc<Row[]>('save_facility', {
      facility: {
        category: 'store',
        name: '订阅测试便利店',
        lon: 90.005,
        lat: 10.005,
        hours: '24/7',
      },
    })
    const id = String(created!['id'])
    await db.rpc('close_facility', { facility_id: id, expected_version: 1, reason: '测试' })
    await expect(
      db.rpc('close_facility', { facility_id: id, expected_version: 1, reason: '再次' }),
    ).rejects.toSatisfy((e: unknown) => e instanceof DbError && e.isConflict)
    const feedbackId = await db.rpc<string>('submit_feedback', {
      facility_id: STORE_A,
      kind: 'other',
      comment: '好',
    })
    off()
    await db.rpc('verify_facility', { facility_id: STORE_A, expected_version: 1 })
    const expected: ChangeEvent[] = [
      { table: 'facilities', kind: 'insert', id },
      { table: 'facilities', kind: 'update', id },
      { table: 'feedback', kind: 'insert', id: feedbackId },
    ]
    expect(seen).toEqual(expected)
    await heard
    expect(otherTab.slice(0, 3)).toEqual(expected)
    tab.close()
  })

  it('signs out back to anonymous', async () => {
    await db.auth.signOut()
    expect(await db.auth.session()).toBeNull()
    expect(storage.getItem('lifecircle.session')).toBeNull()
    await expect(db.rpc('save_facility', { facility: { name: 'x' } })).rejects.toSatisfy(
      (e: unknown) => e instanceof DbError && e.isForbidden,
    )
  })

  it('on reopening applies only new migration files and keeps the data', async () => {
    await db.close()
    const extra: SqlSource = {
      name: 'migrations/29991231000000_create_reopen_marker.sql',
      kind: 'migration',
      sql: 'create table private.reopen_marker (id int primary key); insert into private.reopen_marker values (1);',
    }
    db = await createLocalDb({
      dataDir: dir,
      storage,
      channelName: null,
      sources: [...schemaSources(), extra, FIXTURE],
    })
    expect(db.applied).toEqual([extra.name])
    const rows = await db.rpc<Row[]>('facilities_in_bbox', {
      min_lon: 90,
      min_lat: 10,
      max_lon: 90.02,
      max_lat: 10.01,
    })
    // The fixture's four published facilities survived, and so did the one saved before closing.
    expect(rows.map((r) => r['name'])).toContain('订阅测试便利店')
    expect(rows.filter((r) => r['source'] === 'test fixture')).toHaveLength(4)
  })
})
