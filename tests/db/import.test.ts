/**
 * Bulk import (import_facilities): every row validated and checked against the caller's
 * rights with the community taken from the point, duplicates against stored records and
 * within the batch, a report per row, and all accepted rows stored in one transaction or
 * nothing at all.
 */
import { describe, expect, it } from 'vitest'
import { testBackends } from './backends.ts'
import { COMMUNITY_A, FACILITY, pointIn } from './fixture.ts'
import { failure, unique, useDatabase } from './harness.ts'
import type { Row } from './harness.ts'

describe.each(testBackends())('import on $name', (backend) => {
  const ctx = useDatabase(backend, 'import')

  const countBySource = async (source: string) =>
    Number(
      (await ctx.sql('select count(*)::int as n from facilities where source = $1', [source]))[0]![
        'n'
      ],
    )

  function batch(tag: string): Row[] {
    const a = pointIn('A', 31)
    return [
      {
        category: 'store',
        name: `${tag} 一号店`,
        address: `${tag} 路1号`,
        ...pointIn('A', 40),
        source_row: 2,
      },
      { category: 'canteen', name: `${tag} 食堂`, ...a, hours: '07:00-19:00', capacity: 20 },
      { category: 'store', name: `${tag} 乙店`, ...pointIn('B', 41) }, // workerA: not their community
      { category: 'store', name: '', ...pointIn('A', 42) }, // no name
      { category: 'nope', name: `${tag} 未知类别`, ...pointIn('A', 43) },
      { category: 'store', name: `${tag} 南极店`, lon: 0, lat: -80 },
      { category: 'canteen', name: ` ${tag}  食堂 `, lon: a.lon + 0.0002, lat: a.lat }, // ~22 m from row 2
      { category: 'store', name: `${tag} 另一家`, address: `${tag}路 1 号`, ...pointIn('A', 44) }, // same address as row 1
      { category: 'store', name: '甲社区便利店', lon: 90.0021, lat: 10.0081 }, // stored facility ~16 m away
      { category: 'store', name: `${tag} 坏电话`, phone: '<script>', ...pointIn('A', 45) },
    ]
  }

  it('reports every row (added / skipped / rejected with the field) and a dry run stores nothing', async () => {
    const source = unique('导入演练')
    const report = await ctx.call<Row[]>('workerA', 'import_facilities', {
      rows: batch(source),
      dry_run: true,
      source,
    })
    expect(report.map((r) => [r['row_number'], r['status'], r['field']])).toEqual([
      [1, 'added', null],
      [2, 'added', null],
      [3, 'rejected', 'lon'],
      [4, 'rejected', 'name'],
      [5, 'rejected', 'category'],
      [6, 'rejected', 'lon'],
      [7, 'skipped', 'name'],
      [8, 'skipped', 'address'],
      [9, 'skipped', 'name'],
      [10, 'rejected', 'phone'],
    ])
    expect(report[2]!['reason']).toMatch(/which you do not manage/)
    expect(report[5]!['reason']).toMatch(/outside every community/)
    expect(report[6]!['reason']).toMatch(/^duplicate of row 2: same name within 50 m/)
    expect(report[7]!['reason']).toMatch(/^duplicate of row 1: same address/)
    expect(report[8]!['reason']).toContain(FACILITY.storeA)
    expect(await countBySource(source)).toBe(0)
  })

  it('stores all accepted rows in one go, audited with the source, and skips them on a rerun', async () => {
    const source = unique('导入')
    const report = await ctx.call<Row[]>('workerA', 'import_facilities', {
      rows: batch(source),
      dry_run: false,
      source,
    })
    const added = report.filter((r) => r['status'] === 'added')
    expect(added).toHaveLength(2)
    const stored = await ctx.sql(
      `select f.id, f.community_id, c.reason, c.actor from facilities f join facility_changes c on c.facility_id = f.id
       where f.source = $1 order by f.name`,
      [source],
    )
    expect(stored).toHaveLength(2)
    expect(
      stored.every((s) => s['community_id'] === COMMUNITY_A && s['reason'] === `import: ${source}`),
    ).toBe(true)
    expect(new Set(stored.map((s) => s['id']))).toEqual(new Set(added.map((a) => a['facility_id'])))
    const again = await ctx.call<Row[]>('workerA', 'import_facilities', {
      rows: batch(source),
      dry_run: false,
      source,
    })
    expect(again.filter((r) => r['status'] === 'added')).toEqual([])
    expect(await countBySource(source)).toBe(2)
  })

  it('updates a record by id at the version read, and rejects a stale one', async () => {
    const f = await ctx.newFacility('A')
    const report = await ctx.call<Row[]>('workerA', 'import_facilities', {
      rows: [
        {
          id: f['id'],
          version: 1,
          category: 'canteen',
          name: unique('导入改名'),
          lon: 90.003,
          lat: 10.003,
        },
        { id: FACILITY.canteenA, version: 999, category: 'canteen', name: 'stale' },
      ],
      dry_run: false,
    })
    expect(report.map((r) => [r['status'], r['field']])).toEqual([
      ['updated', null],
      ['rejected', 'version'],
    ])
    const [row] = await ctx.sql('select version, lon from facilities where id = $1', [f['id']])
    expect(row).toEqual({ version: 2, lon: 90.003 })
  })

  it('stores nothing when storing fails part-way, says which row, and a rerun succeeds', async () => {
    const source = unique('中断')
    const rows = Array.from({ length: 6 }, (_, i) => ({
      category: 'store',
      name: `${source} ${i + 1}`,
      ...pointIn('A', 50 + i * 7),
    }))
    // A fault while row 5 is written (as a dropped connection or a failing disk would be).
    await ctx.sql(`create function pg_temp.fail_import() returns trigger language plpgsql as $$
      begin
        if new.name = '${source} 5' then raise exception 'simulated storage failure'; end if;
        return new;
      end $$`)
    await ctx.sql(
      `create trigger zz_fail_import before insert on facilities for each row execute function pg_temp.fail_import()`,
    )
    try {
      const error = await failure(
        ctx.call('workerA', 'import_facilities', { rows, dry_run: false, source }),
      )
      expect(error.message).toMatch(
        /^import row 5: simulated storage failure; nothing was imported/,
      )
      expect(await countBySource(source)).toBe(0)
    } finally {
      await ctx.sql('drop trigger zz_fail_import on facilities')
    }
    const report = await ctx.call<Row[]>('workerA', 'import_facilities', {
      rows,
      dry_run: false,
      source,
    })
    expect(report.every((r) => r['status'] === 'added')).toBe(true)
    expect(await countBySource(source)).toBe(6)
  })

  it('is for workers and admins, and refuses a batch that is not an array or too large', async () => {
    for (const actor of ['anon', 'resident', 'planner'] as const) {
      expect(
        (await failure(ctx.call(actor, 'import_facilities', { rows: [], dry_run: true }))).code,
      ).toBe('42501')
    }
    const notArray = await failure(
      ctx.call('admin', 'import_facilities', { rows: { a: 1 }, dry_run: true }),
    )
    expect([notArray.code, notArray.field]).toEqual(['22023', 'rows'])
    const big = await failure(
      ctx.call('admin', 'import_facilities', {
        rows: Array.from({ length: 10001 }, () => ({})),
        dry_run: true,
      }),
    )
    expect([big.code, big.field]).toEqual(['22023', 'rows'])
  })
})
