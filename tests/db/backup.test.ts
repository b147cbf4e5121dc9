/**
 * Backup round trip: `npm run export` then `npm run restore` into an empty database (schema
 * only) reproduces every record — communities, facilities with their whole history,
 * feedback, scenarios, profiles, assignments — and the restored database keeps working.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { BACKUP_TABLES, exportDatabase, tableRows } from '../../scripts/export.ts'
import { restoreDatabase } from '../../scripts/restore.ts'
import { createRpcRunner } from '../../web/src/data/rpc-sql.ts'
import { schemaSources } from '../../web/src/data/schema-sql.ts'
import { testBackends } from './backends.ts'
import type { OpenBackend } from './backends.ts'
import { claimsOf, pointIn } from './fixture.ts'
import { unique, useDatabase } from './harness.ts'
import type { Row } from './harness.ts'

describe.each(testBackends())('backup on $name', (backend) => {
  const ctx = useDatabase(backend, 'backup')
  const dirs: string[] = []
  const opened: OpenBackend[] = []
  afterAll(async () => {
    for (const o of opened) await o.close()
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  })

  it('restores every record of an export into an empty database', async () => {
    // Some history of every kind first.
    const [f] = await ctx.call<Row[]>('workerA', 'save_facility', {
      facility: {
        category: 'canteen',
        name: unique('备份食堂'),
        ...pointIn('A', 80),
        capacity: 10,
      },
      reason: '新开办',
    })
    await ctx.call('workerA', 'save_facility', {
      facility: { id: f!['id'], capacity: 12 },
      expected_version: 1,
    })
    const [t] = await ctx.call<Row[]>('workerA', 'facility_timeline', { facility_id: f!['id'] })
    await ctx.call('workerA', 'revert_facility_change', {
      change_id: t!['change_id'],
      expected_version: 2,
    })
    const fb = await ctx.call<string>('anon', 'submit_feedback', {
      facility_id: f!['id'],
      kind: 'wrong_info',
      comment: '备份测试',
      client_token: 'backup-test-browser-01',
    })
    await ctx.call('workerA', 'resolve_feedback', { feedback_id: fb, change_id: t!['change_id'] })
    await ctx.call('planner', 'save_scenario', {
      name: unique('备份方案'),
      body: { added: [{ lon: 90, lat: 10 }] },
      shared: true,
    })

    const dir = mkdtempSync(join(tmpdir(), 'lifecircle-backup-'))
    dirs.push(dir)
    const counts = await ctx.runner.exclusive((ex) => exportDatabase(ex, dir))
    expect(counts['public.facilities']).toBeGreaterThan(500)
    const facilities = JSON.parse(readFileSync(join(dir, 'facilities.geojson'), 'utf8')) as {
      type: string
      features: { geometry: { type: string } }[]
    }
    expect([facilities.type, facilities.features[0]!.geometry.type]).toEqual([
      'FeatureCollection',
      'Point',
    ])

    const empty = await backend.prepare(schemaSources())
    opened.push(empty)
    const restored = await restoreDatabase(empty.executor, dir)
    expect(restored).toEqual(counts)
    for (const { table, order } of BACKUP_TABLES) {
      const before = await ctx.runner.exclusive((ex) => tableRows(ex, table, order))
      const after = await tableRows(empty.executor, table, order)
      const pick = (rows: Record<string, unknown>[]) =>
        table === 'auth.users'
          ? rows.map((r) => ({ id: r['id'], email: r['email'], created_at: r['created_at'] }))
          : rows
      expect(pick(after), table).toEqual(pick(before))
    }

    // The restored database keeps working: a new edit is audited after the restored history.
    const runner = createRpcRunner(empty.executor)
    const [saved] = await runner.call<Row[]>(
      'save_facility',
      { facility: { id: f!['id'], capacity: 30 }, expected_version: 3 },
      claimsOf('workerA'),
    )
    expect(saved!['version']).toBe(4)
    const history = await runner.call<Row[]>(
      'facility_timeline',
      { facility_id: f!['id'] },
      claimsOf('workerA'),
    )
    expect(history.map((h) => h['version'])).toEqual([4, 3, 2, 1])
    expect(Number(history[0]!['change_id'])).toBeGreaterThan(Number(history[1]!['change_id']))
    // And a second restore into it is refused, leaving it as it was.
    await expect(restoreDatabase(empty.executor, dir)).rejects.toThrow(/already holds records/)
  })
})
