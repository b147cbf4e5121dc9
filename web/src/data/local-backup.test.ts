import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BackupError } from '../core/io/backup/backup-files.ts'
import { backupZip, readBackupZip } from '../core/io/backup/backup-zip.ts'
import type { ChangeEvent } from './db.ts'
import { hasBackup } from './local-backup.ts'
import { createLocalDb, memoryStorage } from './local-db.ts'
import type { LocalDb } from './local-db.ts'
import { schemaSources } from './schema-sql.ts'

const FIXTURE = {
  name: 'tests/db/fixture-seed.sql',
  kind: 'seed' as const,
  sql: readFileSync(new URL('../../../tests/db/fixture-seed.sql', import.meta.url), 'utf8'),
}
const STORE_A = '00000000-0000-4000-8000-0000000f0002'
type Row = Record<string, unknown>

describe('backup and restore of the embedded database', () => {
  let db: LocalDb
  beforeAll(async () => {
    db = await createLocalDb({
      storage: memoryStorage(),
      channelName: null,
      sources: [...schemaSources(), FIXTURE],
    })
  }, 300_000)
  afterAll(async () => {
    await db?.close()
  })

  it('downloads a zip, and restoring it undoes a later edit, history and feedback included', async () => {
    expect(hasBackup(db)).toBe(true)
    await db.auth.signIn('worker.a@test.lifecircle')
    const before = (await db.rpc<Row[]>('get_facility', { facility_id: STORE_A }))[0]!
    const zip = backupZip(await db.exportBackup())
    const files = readBackupZip(zip)
    expect(JSON.parse(files['manifest.json']!).counts['public.facilities']).toBeGreaterThan(0)

    await db.rpc('save_facility', {
      facility: { id: STORE_A, name: '备份后改的名字' },
      expected_version: before['version'],
      reason: '备份之后',
    })
    const feedback = await db.rpc<string>('submit_feedback', {
      facility_id: STORE_A,
      kind: 'other',
      comment: '备份之后的反馈',
    })
    expect((await db.rpc<Row[]>('get_facility', { facility_id: STORE_A }))[0]!['name']).toBe(
      '备份后改的名字',
    )

    const events: ChangeEvent[] = []
    const off = db.subscribe((e) => events.push(e))
    const counts = await db.restoreBackup(files)
    off()
    expect(counts).toEqual(JSON.parse(files['manifest.json']!).counts)
    const after = (await db.rpc<Row[]>('get_facility', { facility_id: STORE_A }))[0]!
    expect([after['name'], after['version']]).toEqual([before['name'], before['version']])
    const timeline = await db.rpc<Row[]>('facility_timeline', { facility_id: STORE_A })
    expect(timeline.map((t) => t['reason'])).not.toContain('备份之后')
    const inbox = await db.rpc<Row[]>('feedback_inbox', {})
    expect(inbox.map((r) => r['id'])).not.toContain(feedback)
    expect(events.map((e) => e.table).sort()).toEqual(['communities', 'facilities', 'feedback'])

    // The restored database keeps working: the next edit is audited after the restored history.
    const [saved] = await db.rpc<Row[]>('save_facility', {
      facility: { id: STORE_A, capacity: 7 },
      expected_version: before['version'],
    })
    expect(saved!['version']).toBe(Number(before['version']) + 1)
  })

  it('refuses a damaged backup and changes nothing', async () => {
    const files = await db.exportBackup()
    const broken = { ...files, 'facilities.geojson': '{"type":"FeatureCollection"' }
    const name = (await db.rpc<Row[]>('get_facility', { facility_id: STORE_A }))[0]!['name']
    await expect(db.restoreBackup(broken)).rejects.toThrow(/^facilities\.geojson: /)
    await expect(db.restoreBackup({ ...files, 'manifest.json': '{"format":"x"}' })).rejects.toThrow(
      BackupError,
    )
    expect(() => readBackupZip(new Uint8Array([1, 2, 3]))).toThrow(/not a zip file/)
    expect((await db.rpc<Row[]>('get_facility', { facility_id: STORE_A }))[0]!['name']).toBe(name)
  })
})
