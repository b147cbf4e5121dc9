import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { reachAtPace } from '../../web/src/core/catalog/paces.ts'
import { createGridModel } from '../../web/src/core/coverage/grid/grid-model.ts'
import type { CoverageInput } from '../../web/src/core/coverage/types.ts'
import { mulberry32 } from '../../web/src/core/geo/prng.ts'
import { minutes } from '../../web/src/core/geo/units.ts'
import { EdgeSnapper } from '../../web/src/core/network/edge-snapper.ts'
import { importNetwork } from '../../web/src/core/network/import-network.ts'
import { nearestByNetwork } from '../../web/src/core/network/network-distances.ts'
import { networkFieldFactory } from '../../web/src/core/network/network-distance-field.ts'
import { haversineM, type WalkGraph } from '../../web/src/core/network/walk-graph.ts'
import { loadTaipei, TAIPEI_DIR, type TaipeiData } from './taipei-loader.ts'

// Real OSM data (© OpenStreetMap contributors, ODbL 1.0) and Taipei City Government facility
// lists, read in place from ../shared/data. No skipping: without the data this suite fails and
// says where the data should be.
const DAAN = join(TAIPEI_DIR, 'network', 'daan_all_paths.geojson')

function need(file: string): Uint8Array {
  if (!existsSync(file)) {
    throw new Error(
      `${file} is missing: the real data lives beside the checkout in ../shared/data (see its README)`,
    )
  }
  return new Uint8Array(readFileSync(file))
}

const quantiles = (xs: number[], qs: number[]): number[] => {
  const s = [...xs].sort((a, b) => a - b)
  return qs.map((q) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!)
}

describe("Da'an walking network and Taipei facilities: detour ratios", () => {
  let graph: WalkGraph
  let taipei: TaipeiData
  beforeAll(() => {
    graph = importNetwork(need(DAAN), { source: 'daan_all_paths.geojson' }).graph
    taipei = loadTaipei()
  })

  it('imports with the largest component holding nearly all of it', () => {
    const r = importNetwork(need(DAAN), { source: 'daan_all_paths.geojson' }).report
    console.log(
      `Da'an: ${r.waysRead} lines → ${r.kept.nodes} nodes, ${r.kept.edges} edges, ${(r.kept.lengthM / 1000).toFixed(1)} km kept; ${r.components} components, dropped ${r.droppedComponents.edges} edges / ${r.droppedComponents.lengthM.toFixed(0)} m`,
    )
    expect(r.kept.lengthM / (r.kept.lengthM + r.droppedComponents.lengthM)).toBeGreaterThan(0.99)
    expect(r.kept.nodes).toBeGreaterThan(2000)
  })

  it('network / straight-line ratio of point-to-nearest-facility pairs lies in the literature range', () => {
    const snapper = new EdgeSnapper(graph)
    // 4,000 seeded points in the inner 80% of the network's extent (facilities beyond the
    // extent are unlinked, so points at its rim would find their nearest far round).
    let w = 180
    let e = -180
    let s = 90
    let n = -90
    for (let i = 0; i < graph.nodeCount; i++) {
      w = Math.min(w, graph.nodeLngLat[2 * i]!)
      e = Math.max(e, graph.nodeLngLat[2 * i]!)
      s = Math.min(s, graph.nodeLngLat[2 * i + 1]!)
      n = Math.max(n, graph.nodeLngLat[2 * i + 1]!)
    }
    const rand = mulberry32(20261203)
    const pts: number[] = []
    for (let i = 0; i < 4000; i++) {
      pts.push(w + (0.1 + 0.8 * rand()) * (e - w), s + (0.1 + 0.8 * rand()) * (n - s))
    }
    const pLinks = snapper.link(pts)
    const all: number[] = []
    const far: number[] = []
    const lines: string[] = []
    for (const cat of ['canteen', 'childcare', 'fitness', 'store']) {
      const fs = taipei.facilities.filter((f) => f.properties.category === cat && f.geometry)
      const fLngLat = fs.flatMap((f) => [f.geometry!.coordinates[0]!, f.geometry!.coordinates[1]!])
      const fLinks = snapper.link(fLngLat)
      const linked = [...fLinks.edge].filter((x) => x >= 0).length
      const r = nearestByNetwork(graph, pLinks, fLinks)
      const ratios: number[] = []
      for (let i = 0; i < pts.length / 2; i++) {
        const j = r.facility[i]!
        if (j < 0) continue
        const straight = haversineM(
          pts[2 * i]!,
          pts[2 * i + 1]!,
          fLngLat[2 * j]!,
          fLngLat[2 * j + 1]!,
        )
        const ratio = r.distance[i]! / straight
        expect(ratio).toBeGreaterThanOrEqual(1 - 1e-6)
        ratios.push(ratio)
        all.push(ratio)
        if (straight >= 200) far.push(ratio)
      }
      const [p10, p25, p50, p75, p90] = quantiles(ratios, [0.1, 0.25, 0.5, 0.75, 0.9])
      lines.push(
        `  ${cat.padEnd(9)} ${String(linked).padStart(4)} linked facilities, ${ratios.length} pairs: p10 ${p10!.toFixed(3)}  p25 ${p25!.toFixed(3)}  median ${p50!.toFixed(3)}  p75 ${p75!.toFixed(3)}  p90 ${p90!.toFixed(3)}`,
      )
    }
    const q = (xs: number[]): string =>
      quantiles(xs, [0.1, 0.25, 0.5, 0.75, 0.9])
        .map((v, i) => `${['p10', 'p25', 'median', 'p75', 'p90'][i]} ${v.toFixed(3)}`)
        .join('  ')
    console.log(
      [
        "Da'an detour ratio (walking / straight line, point to its nearest facility by walking):",
        ...lines,
        `  all pairs (${all.length}):            ${q(all)}`,
        `  pairs ≥ 200 m apart (${far.length}):  ${q(far)}`,
      ].join('\n'),
    )
    const [median] = quantiles(far, [0.5])
    expect(median).toBeGreaterThan(1.1)
    expect(median).toBeLessThan(1.5)
  })
})

describe("Da'an villages: circle vs walking-network coverage at the same distance", () => {
  it('prints circle share − network share per village and category; the network never covers more', () => {
    const { graph } = importNetwork(need(DAAN), { source: 'daan_all_paths.geojson' })
    const taipei = loadTaipei()
    const snapper = new EdgeSnapper(graph)
    const near = (p: number[]): boolean => snapper.snap(p[0]!, p[1]!, 150) !== null
    // The file holds the streets of Da'an's core only: take the villages whose every boundary
    // vertex lies within 150 m of its streets, and the facilities within 200 m of them, for both
    // modes (a facility beyond the streets would count for the circle only).
    const villages = taipei.communities.filter((c) => {
      const rings =
        c.geometry.type === 'Polygon' ? [c.geometry.coordinates] : c.geometry.coordinates
      return rings.flat(2).every(near)
    })
    const facilities = taipei.facilities.filter(
      (f) =>
        f.geometry && snapper.snap(f.geometry.coordinates[0]!, f.geometry.coordinates[1]!) !== null,
    )
    expect(villages.length).toBeGreaterThan(5)
    const settings = (t: number): CoverageInput['settings'] => ({
      method: 'fast',
      categories: [
        // The elderly's pace for canteens, the ordinary pace for the rest.
        { code: 'canteen', reach_m: reachAtPace(minutes(t), 'elderly'), target_group: 'elderly' },
        {
          code: 'childcare',
          reach_m: reachAtPace(minutes(t), 'ordinary'),
          target_group: 'infants',
        },
        { code: 'fitness', reach_m: reachAtPace(minutes(t), 'ordinary'), target_group: 'all' },
        { code: 'store', reach_m: reachAtPace(minutes(t), 'ordinary'), target_group: 'all' },
      ],
    })
    const lines: string[] = []
    const summary: string[] = []
    for (const t of [15, 10, 5]) {
      const input = (): CoverageInput => ({
        communities: villages,
        facilities,
        settings: settings(t),
      })
      const circle = createGridModel(input(), { editable: false }).result()
      const factory = networkFieldFactory(graph, { snapper })
      const network = createGridModel(input(), { editable: false, distanceField: factory }).result()
      const byCat = new Map<string, number[]>()
      if (t === 15)
        lines.push(
          'village         category   reach   circle  network  circle − network (population share)',
        )
      circle.communities.forEach((c, i) => {
        for (const [code, fc] of Object.entries(c.categories)) {
          const fn = network.communities[i]!.categories[code]!
          const a = fc.population_share!
          const b = fn.population_share!
          expect(b).toBeLessThanOrEqual(a + 0.005)
          byCat.set(code, [...(byCat.get(code) ?? []), a - b])
          if (t !== 15) continue
          const reach = settings(t).categories.find((x) => x.code === code)!.reach_m
          lines.push(
            `${c.name.padEnd(12)}  ${code.padEnd(9)} ${String(Math.round(reach)).padStart(5)} m  ${(a * 100).toFixed(1).padStart(5)}%  ${(b * 100).toFixed(1).padStart(5)}%  ${((a - b) * 100).toFixed(1).padStart(5)} pp`,
          )
        }
      })
      const { cells, unlinkedCells } = factory.stats()
      summary.push(
        `${t} min (${cells} cells, ${unlinkedCells} unlinked): ` +
          [...byCat]
            .map(([code, d]) => {
              const mean = d.reduce((x, y) => x + y, 0) / d.length
              return `${code} mean ${(mean * 100).toFixed(1)} pp, max ${(Math.max(...d) * 100).toFixed(1)} pp`
            })
            .join('; '),
      )
      if (t === 5) {
        const all = [...byCat.values()].flat()
        expect(all.reduce((x, y) => x + y, 0) / all.length).toBeGreaterThan(0)
      }
    }
    console.log(
      [
        `${villages.length} villages within the streets of daan_all_paths.geojson, ${facilities.length} facilities on them`,
        ...lines,
        'circle − network population share by category (mean and largest over villages):',
        ...summary,
      ].join('\n'),
    )
  })
})
