import * as Comlink from 'comlink'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { computeCoverage } from '../core/coverage/compute-coverage.ts'
import { gapPolygons } from '../core/coverage/gaps.ts'
import { generateTestCity } from '../core/coverage/test-city.ts'
import type { CoverageInput, FacilityFeature } from '../core/coverage/types.ts'
import { meters } from '../core/geo/units.ts'
import { coverageApi } from './coverage-api.ts'
import { createCoverageClient, type CoverageClient } from './coverage-client.ts'

const city = generateTestCity({ seed: 5, communities: 12, facilities: 120 })
const input = (method: 'exact' | 'fast'): CoverageInput => ({
  communities: city.communities,
  facilities: city.facilities,
  settings: { categories: city.categories, method },
})

/**
 * The worker's side over a real MessageChannel (what a Worker is to Comlink), recording what
 * each reply transferred.
 */
function connect(): { client: CoverageClient; transfers: Transferable[][]; close: () => void } {
  const { port1, port2 } = new MessageChannel()
  const transfers: Transferable[][] = []
  const workerSide: Comlink.Endpoint = {
    postMessage: (message: unknown, transfer?: Transferable[]) => {
      transfers.push(transfer ?? [])
      port1.postMessage(message, transfer ?? [])
    },
    addEventListener: port1.addEventListener.bind(port1) as Comlink.Endpoint['addEventListener'],
    removeEventListener: port1.removeEventListener.bind(
      port1,
    ) as Comlink.Endpoint['removeEventListener'],
    start: () => port1.start(),
  }
  Comlink.expose(coverageApi, workerSide)
  const client = createCoverageClient(port2 as unknown as Comlink.Endpoint)
  return {
    client,
    transfers,
    close: () => {
      port1.close()
      port2.close()
    },
  }
}

let close: (() => void) | undefined
afterEach(() => {
  close?.()
  coverageApi.dropModels()
})

describe('coverage client over Comlink', () => {
  it('returns what the core function returns', async () => {
    const c = connect()
    close = c.close
    const result = await c.client.computeCoverage(input('exact'))
    expect(result).toEqual(computeCoverage(input('exact')))
  })

  it('sends the data once and then only settings, reusing the worker`s preparation', async () => {
    const c = connect()
    close = c.close
    const keep = vi.spyOn(coverageApi, 'keepCoverageData')
    try {
      const base = input('exact')
      expect(await c.client.computeCoverage(base)).toEqual(computeCoverage(base))
      const near: CoverageInput = {
        ...base,
        settings: {
          ...base.settings,
          categories: base.settings.categories.map((k) => ({ ...k, reach_m: meters(300) })),
        },
      }
      const result = await c.client.computeCoverage(near)
      expect(result).toEqual(computeCoverage(near))
      expect(result).not.toEqual(computeCoverage(base))
      expect(keep).toHaveBeenCalledTimes(1)
      // Other arrays (a facility edited): the data goes again.
      const edited = { ...near, facilities: near.facilities.slice(1) }
      expect(await c.client.computeCoverage(edited)).toEqual(computeCoverage(edited))
      expect(keep).toHaveBeenCalledTimes(2)
      // Data that cannot reach the worker fails the computation: no figures of the older data.
      const broken = {
        ...near,
        communities: [{ ...near.communities[0]!, bad: () => 0 }, ...near.communities.slice(1)],
      }
      await expect(c.client.computeCoverage(broken)).rejects.toThrow()
      expect(await c.client.computeCoverage(near)).toEqual(computeCoverage(near))
    } finally {
      keep.mockRestore()
    }
  })

  it('rejects a superseded request with AbortError and answers the latest', async () => {
    const c = connect()
    close = c.close
    const narrow = {
      ...input('exact'),
      settings: { ...input('exact').settings, categories: [city.categories[0]!] },
    }
    const first = c.client.computeCoverage(input('exact'))
    const second = c.client.computeCoverage(narrow)
    const err = await first.catch((e: unknown) => e)
    expect(err).toBeInstanceOf(DOMException)
    expect((err as DOMException).name).toBe('AbortError')
    const latest = await second
    expect(Object.keys(latest.communities[0]!.categories)).toEqual([city.categories[0]!.code])
  })

  it('keeps the staged model in the worker, re-thresholds it, and transfers gap masks', async () => {
    const c = connect()
    close = c.close
    const built = await c.client.buildGridModel(input('fast'))
    const codes = city.categories.map((k) => k.code)
    const shorter = await c.client.thresholdGrid(Object.fromEntries(codes.map((k) => [k, 300])))
    built.communities.forEach((b, i) => {
      for (const k of codes) {
        expect(shorter.communities[i]!.categories[k]!.area_share).toBeLessThanOrEqual(
          b.categories[k]!.area_share,
        )
      }
    })
    const gappy = shorter.communities.find((x) => x.categories[codes[0]!]!.area_share < 0.9)!
    const mask = await c.client.gapMask(gappy.id, codes[0]!)
    expect(mask).not.toBeNull()
    expect(mask!.mask).toBeInstanceOf(Uint8Array)
    expect(mask!.mask.length).toBe(mask!.width * mask!.height)
    expect(mask!.mask.some((v) => v === 1)).toBe(true)
    // The mask's buffer went over as a transferable, not a copy.
    const sent = c.transfers.flat()
    expect(sent).toHaveLength(1)
    expect((sent[0] as ArrayBuffer).byteLength).toBe(0)
  })

  it('applies what-if edits in order, never dropping one', async () => {
    const c = connect()
    close = c.close
    await c.client.buildGridModel(input('fast'))
    const [x, y] = city.facilities[0]!.geometry.coordinates as [number, number]
    const add = c.client.addFacility({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [x + 0.001, y] },
      properties: { id: 'what-if', category: city.categories[0]!.code },
    })
    const move = c.client.moveFacility('what-if', [x + 0.002, y])
    const remove = c.client.removeFacility('what-if')
    const [a, , r] = await Promise.all([add, move, remove])
    expect(a.communities.length).toBe(city.communities.length)
    // Removing the added site restores the built figures.
    expect(r.communities).toEqual(
      (
        await c.client.thresholdGrid(
          Object.fromEntries(city.categories.map((k) => [k.code, k.reach_m])),
        )
      ).communities,
    )
  })

  it('keeps the exact model for what-if edits that recompute only nearby communities', async () => {
    const c = connect()
    close = c.close
    await c.client.buildExactModel(input('exact'))
    const [x, y] = city.facilities[0]!.geometry.coordinates as [number, number]
    const site: FacilityFeature = {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [x + 0.001, y] },
      properties: { id: 'what-if', category: city.categories[0]!.code, status: 'open' },
    }
    const changed = await c.client.applyExactChange({ add: [site] })
    expect(changed.recomputed.length).toBeGreaterThan(0)
    expect(changed.recomputed.length).toBeLessThan(city.communities.length)
    const fresh = computeCoverage({ ...input('exact'), facilities: [...city.facilities, site] })
    changed.result.communities.forEach((r, i) => {
      for (const [code, f] of Object.entries(r.categories)) {
        expect(f.area_share).toBeCloseTo(fresh.communities[i]!.categories[code]!.area_share, 12)
      }
    })
  })

  it('says when no model was built', async () => {
    const c = connect()
    close = c.close
    await expect(c.client.thresholdGrid({ store: 500 })).rejects.toThrow(/call buildGridModel/)
  })

  it('draws a community`s exact gap in the worker, the latest request winning', async () => {
    const c = connect()
    close = c.close
    const community = city.communities[0]!
    const code = city.categories[0]!.code
    const own = city.facilities.filter((f) => f.properties.category === code)
    const first = c.client.exactGaps(community, own, 400)
    const second = c.client.exactGaps(community, own, 200)
    expect(((await first.catch((e: unknown) => e)) as DOMException).name).toBe('AbortError')
    const gap = await second
    expect(gap).toEqual(gapPolygons(community, own, 200))
    expect(gap.properties.reach_m).toBe(200)
  })
})
