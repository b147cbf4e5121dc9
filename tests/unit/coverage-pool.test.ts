import * as Comlink from 'comlink'
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { computeCoverage } from '../../web/src/core/coverage/compute-coverage.ts'
import { generateTestCity } from '../../web/src/core/coverage/test-city.ts'
import type { CoverageInput } from '../../web/src/core/coverage/types.ts'
import { meters } from '../../web/src/core/geo/units.ts'
import {
  computeCoverageInPool,
  CoveragePool,
  spatialBlocks,
  type PoolThreadApi,
} from '../../scripts/lib/coverage-pool.ts'
import { parseCoverageArgs } from '../../scripts/lib/coverage-args.ts'
import { loadCoverageInput } from '../../scripts/lib/coverage-input.ts'
import { tsWorker } from '../../scripts/lib/ts-worker.ts'

/**
 * Deep equality with numbers equal to 1e-12 relative: the 2SFCA sums run over a thread's own
 * communities, so the last bit of `capacity_per_1000` may differ with the order of addition.
 */
function expectSame(a: unknown, b: unknown, path = 'result'): void {
  if (typeof a === 'number' && typeof b === 'number') {
    expect(Math.abs(a - b), path).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(a), Math.abs(b)))
  } else if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    expect(Object.keys(a).sort(), path).toEqual(Object.keys(b).sort())
    for (const k of Object.keys(a))
      expectSame(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        `${path}.${k}`,
      )
  } else {
    expect(a, path).toBe(b)
  }
}

describe('spatialBlocks', () => {
  const square = (x: number, y: number): CoverageInput['communities'][number] => ({
    type: 'Feature',
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [x, y],
          [x + 0.01, y],
          [x + 0.01, y + 0.01],
          [x, y],
        ],
      ],
    },
    properties: { id: `${x},${y}`, name: '', population: 1 },
  })

  it('deals every index to exactly one compact block of near-equal size', () => {
    // 6 × 3 communities, wider than tall, listed row by row: two blocks cut west | east.
    const cells = Array.from({ length: 18 }, (_, i) =>
      square(121 + (i % 6) * 0.01, 31 + Math.floor(i / 6) * 0.01),
    )
    const blocks = spatialBlocks(cells, 2)
    expect(blocks).toEqual([
      [0, 1, 2, 6, 7, 8, 12, 13, 14],
      [3, 4, 5, 9, 10, 11, 15, 16, 17],
    ])
    const four = spatialBlocks(cells, 4)
    expect(four.flat().sort((a, b) => a - b)).toEqual(cells.map((_, i) => i))
    for (const b of four) expect(b.length).toBeGreaterThanOrEqual(4)
    expect(spatialBlocks(cells.slice(0, 2), 4)).toEqual([[0], [1]])
    expect(spatialBlocks([], 2)).toEqual([[]])
  })
})

const city = generateTestCity({
  seed: 11,
  communities: 40,
  facilities: 400,
  populationBlocks: true,
})

describe('CoveragePool', () => {
  const input = (method: 'exact' | 'fast'): CoverageInput => ({
    communities: city.communities,
    facilities: city.facilities,
    population: city.population,
    settings: { categories: city.categories, method },
  })

  it('gives the single-thread result: same communities, same city totals', async () => {
    const single = computeCoverage(input('exact'))
    const pooled = await computeCoverageInPool(input('exact'), 2)
    expect(pooled.communities.map((c) => c.id)).toEqual(single.communities.map((c) => c.id))
    expectSame(pooled, single)
  })

  it('is reusable, computes the fast method, and rejects bad input', async () => {
    const pool = await CoveragePool.start(2)
    try {
      expect(pool.threads).toBe(2)
      const again = await pool.compute({ ...input('exact'), population: undefined })
      expect(again.settings.population_placement).toBe('even')
      expect(again.communities.map((c) => c.id)).toEqual(
        city.communities.map((c) => c.properties.id),
      )
      expectSame(await pool.compute(input('fast')), computeCoverage(input('fast')))
      // Same data, new settings: only the settings travel; the threads use them.
      const near = input('exact')
      near.settings = {
        ...near.settings,
        categories: near.settings.categories.map((c) => ({ ...c, reach_m: meters(400) })),
      }
      expectSame(await pool.compute(near), computeCoverage(near))
      const bad = input('exact')
      bad.settings = {
        ...bad.settings,
        categories: [{ ...bad.settings.categories[0]!, reach_m: -1 as never }],
      }
      await expect(pool.compute(bad)).rejects.toThrow(/reach_m must be a number of metres/)
      // Requests with different data at once: each is computed on its own data.
      const even = { ...input('exact'), population: undefined }
      const [layered, spread] = await Promise.all([
        pool.compute(input('exact')),
        pool.compute(even),
      ])
      expectSame(layered, computeCoverage(input('exact')))
      expectSame(spread, computeCoverage(even))
      // The pool still works after a failed job.
      expect((await pool.compute(input('exact'))).communities).toHaveLength(city.communities.length)
    } finally {
      await pool.close()
    }
  })
})

describe('CoveragePool.loadFrom', () => {
  it('has the threads read the input files themselves, and computes what one thread does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coverage-pool-'))
    const pool = await CoveragePool.start(2)
    try {
      const write = (name: string, features: unknown[]) => {
        const path = join(dir, name)
        writeFileSync(path, JSON.stringify({ type: 'FeatureCollection', features }))
        return path
      }
      const args = parseCoverageArgs([
        '--communities',
        write('communities.geojson', city.communities),
        '--facilities',
        write('facilities.geojson', city.facilities),
        '--reach-m',
        '700',
      ])
      const read = loadCoverageInput(args).then((r) => r.input)
      let loads = 0
      await pool.loadFrom((api) => {
        loads++
        return api.loadFiles(args)
      }, read)
      expect(loads).toBe(1)
      const input = await read
      expectSame(await pool.compute(input), computeCoverage(input))
    } finally {
      await pool.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('coverage pool worker', () => {
  it('hosts the coverage models: gathers the data in parts, rejects a computation before any, and keeps serving', async () => {
    const worker = tsWorker(new URL('../../scripts/lib/coverage-pool-worker.ts', import.meta.url))
    const api = Comlink.wrap<PoolThreadApi>(nodeEndpoint(worker))
    const half = city.communities.length >> 1
    const settings = { categories: city.categories, method: 'exact' as const }
    try {
      expect(await api.ready()).toBe(true)
      await expect(api.recompute(settings, { communityIndices: [0] })).rejects.toThrow(
        /no data loaded/,
      )
      // The communities in two parts, the facilities in one.
      await api.loadPart('communities', JSON.stringify(city.communities.slice(0, half)))
      await api.loadPart('communities', JSON.stringify(city.communities.slice(half)))
      await api.loadPart('facilities', JSON.stringify(city.facilities))
      await api.load()
      const done = await api.recompute(settings, { communityIndices: [0, half + 1] })
      const input = { communities: city.communities, facilities: city.facilities }
      expect(done.communities).toEqual(
        computeCoverage(
          { ...input, settings: { categories: city.categories, method: 'exact' } },
          { communityIndices: [0, half + 1] },
        ).communities,
      )
      // The same object the app's worker hosts: edits and gaps too.
      await api.recompute(settings)
      const site = city.facilities[0]!
      const [x, y] = site.geometry.coordinates as [number, number]
      const moved = await api.apply('exact', {
        kind: 'move',
        id: String(site.properties.id),
        to: [x + 0.002, y] as never,
      })
      expect(moved.communities).toHaveLength(city.communities.length)
      const gaps = await api.gaps('exact', city.communities[0]!.properties.id, [
        city.categories[0]!.code,
      ])
      expect(Array.isArray(gaps)).toBe(true)
    } finally {
      api[Comlink.releaseProxy]()
      await worker.terminate()
    }
  })
})
