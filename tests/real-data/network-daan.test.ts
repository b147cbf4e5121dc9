import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { mulberry32 } from '../../web/src/core/geo/prng.ts'
import { EdgeSnapper } from '../../web/src/core/network/edge-snapper.ts'
import { importNetwork } from '../../web/src/core/network/import-network.ts'
import { nearestByNetwork } from '../../web/src/core/network/network-distances.ts'
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
