/**
 * Walking-network benchmarks (printed, not asserted):
 * 1. multi-source shortest paths on a generated grid network of about 1,000,000 edges
 *    (target < 0.5 s on a 2-core machine);
 * 2. the demo city's network: import, edge index, linking the grid cells, and the full network
 *    recompute — every category's multi-source search and all cell distances (target < 200 ms) —
 *    plus one facility added and removed, and the whole grid model in network vs circle mode.
 *
 * Run: npx tsx scripts/bench-network.ts [--edges N] [--sources N]
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { seedsByY } from '../web/src/core/coverage/grid/nearest-seeds.ts'
import { createGridModel } from '../web/src/core/coverage/grid/grid-model.ts'
import type { CoverageInput } from '../web/src/core/coverage/types.ts'
import { projectStereographic } from '../web/src/core/geo/stereographic.ts'
import { mulberry32 } from '../web/src/core/geo/prng.ts'
import { meters } from '../web/src/core/geo/units.ts'
import { readCommunities } from '../web/src/core/io/read-communities.ts'
import { readFacilities } from '../web/src/core/io/read-facilities.ts'
import { EdgeSnapper } from '../web/src/core/network/edge-snapper.ts'
import { importNetwork } from '../web/src/core/network/import-network.ts'
import { multiSourceDijkstra } from '../web/src/core/network/multi-source-dijkstra.ts'
import { networkFieldFactory } from '../web/src/core/network/network-distance-field.ts'
import { csrAdjacency } from '../web/src/core/network/walk-graph.ts'

const { values } = parseArgs({
  options: { edges: { type: 'string' }, sources: { type: 'string' } },
})
const ROOT = resolve(import.meta.dirname, '..')
const ms = (t0: number): number => performance.now() - t0
/** CPU time of this process since `c0`, ms: on a busy shared machine, wall time overstates. */
const cpuMs = (c0: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(c0)
  return (d.user + d.system) / 1000
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const fmt = (x: number): string => `${x.toFixed(1)} ms`

function gridNetwork(edges: number): {
  nodeCount: number
  adjStart: Int32Array
  adjNode: Int32Array
  adjCost: Float64Array
  edgeCount: number
} {
  // A side × side lattice has 2·side·(side − 1) edges; lengths 60–140 m, seeded.
  const side = Math.ceil((1 + Math.sqrt(1 + 2 * edges)) / 2)
  const n = side * side
  const from: number[] = []
  const to: number[] = []
  const rand = mulberry32(7)
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      const v = r * side + c
      if (c + 1 < side) {
        from.push(v)
        to.push(v + 1)
      }
      if (r + 1 < side) {
        from.push(v)
        to.push(v + side)
      }
    }
  }
  const cost = Float64Array.from(from, () => 60 + 80 * rand())
  const adj = csrAdjacency(n, Int32Array.from(from), Int32Array.from(to), cost)
  return { nodeCount: n, edgeCount: from.length, ...adj }
}

function benchGrid(): void {
  const edges = Number(values.edges ?? 1_000_000)
  const sources = Number(values.sources ?? 1000)
  let t0 = performance.now()
  const g = gridNetwork(edges)
  const made = ms(t0)
  const rand = mulberry32(11)
  const start = Int32Array.from({ length: sources }, () => Math.floor(rand() * g.nodeCount))
  const cost = new Float64Array(sources)
  const label = Int32Array.from({ length: sources }, (_, i) => i)
  const out = { dist: new Float64Array(g.nodeCount), source: new Int32Array(g.nodeCount) }
  const times: number[] = []
  const cpu: number[] = []
  for (let i = 0; i < 7; i++) {
    const c0 = process.cpuUsage()
    t0 = performance.now()
    multiSourceDijkstra(g, start, cost, label, out)
    times.push(ms(t0))
    cpu.push(cpuMs(c0))
  }
  const one: number[] = []
  for (let i = 0; i < 3; i++) {
    t0 = performance.now()
    multiSourceDijkstra(g, start.subarray(0, 1), cost.subarray(0, 1), label.subarray(0, 1), out)
    one.push(ms(t0))
  }
  console.log(
    `grid network: ${g.nodeCount.toLocaleString('en')} nodes, ${g.edgeCount.toLocaleString('en')} edges (made in ${fmt(made)})\n` +
      `  multi-source shortest paths from ${sources} sources: first ${fmt(times[0]!)}, median of 7 ${fmt(median(times))} wall, ${fmt(median(cpu))} CPU (target < 500 ms)\n` +
      `  from one source (every node reached): median of 3 ${fmt(median(one))}`,
  )
}

function benchDemo(): void {
  const read = (f: string): string => readFileSync(resolve(ROOT, 'data/demo', f), 'utf8')
  let t0 = performance.now()
  const { graph } = importNetwork(
    new Uint8Array(readFileSync(resolve(ROOT, 'data/demo/streets.geojson'))),
    {
      source: 'streets.geojson',
    },
  )
  const imported = ms(t0)
  t0 = performance.now()
  const snapper = new EdgeSnapper(graph)
  const indexed = ms(t0)
  const communities = readCommunities(read('communities.geojson'), {
    source: 'communities',
  }).features
  const facilities = readFacilities(read('facilities.geojson'), { source: 'facilities' }).features
  const input: CoverageInput = {
    communities,
    facilities,
    settings: {
      method: 'fast',
      categories: [
        { code: 'canteen', reach_m: meters(750), target_group: 'elderly' },
        { code: 'childcare', reach_m: meters(1125), target_group: 'infants' },
        { code: 'fitness', reach_m: meters(1125), target_group: 'all' },
        { code: 'store', reach_m: meters(1125), target_group: 'all' },
      ],
    },
  }
  // The whole model: circle vs network (the network one also links every cell to the streets).
  let c0 = process.cpuUsage()
  t0 = performance.now()
  const circle = createGridModel(input, { editable: false })
  const circleMs = ms(t0)
  const circleCpu = cpuMs(c0)
  const factory = networkFieldFactory(graph, { snapper })
  c0 = process.cpuUsage()
  t0 = performance.now()
  createGridModel(input, { editable: false, distanceField: factory })
  const networkMs = ms(t0)
  const networkCpu = cpuMs(c0)
  // The distance stage alone, on the model's own cells and plane.
  const ctx = { plane: circle.plane, cells: circle.cells, category: 'x' }
  // Linking every cell centre to the streets (once per model; shared by its categories).
  const linker = networkFieldFactory(graph, { snapper })
  c0 = process.cpuUsage()
  t0 = performance.now()
  const fields = input.settings.categories.map((c) => ({ ...ctx, category: c.code })).map(linker)
  const linkMs = ms(t0)
  const linkCpu = cpuMs(c0)
  const seeds = input.settings.categories.map((c) => {
    const fs = facilities.filter(
      (f) => f.properties.category === c.code && (f.properties.status ?? 'open') === 'open',
    )
    const x = new Float64Array(fs.length + 1)
    const y = new Float64Array(fs.length + 1)
    const xy = new Float64Array(2)
    fs.forEach((f, j) => {
      projectStereographic(
        circle.plane,
        f.geometry!.coordinates[0]!,
        f.geometry!.coordinates[1]!,
        xy,
        0,
      )
      x[j] = xy[0]!
      y[j] = xy[1]!
    })
    const active = new Uint8Array(fs.length + 1).fill(1)
    active[fs.length] = 0
    const s = { x, y, active, count: fs.length }
    return { ...s, byY: seedsByY(s) }
  })
  const recompute: number[] = []
  const recomputeCpu: number[] = []
  for (let i = 0; i < 7; i++) {
    const c0 = process.cpuUsage()
    t0 = performance.now()
    fields.forEach((f, c) => f.build(seeds[c]!))
    recompute.push(ms(t0))
    recomputeCpu.push(cpuMs(c0))
  }
  // One what-if: a canteen added in the middle of the city, then removed.
  const s0 = seeds[0]!
  const j = s0.count
  s0.x[j] = 0
  s0.y[j] = 0
  const added = {
    ...s0,
    count: j + 1,
    active: Uint8Array.from(s0.active, (a, k) => (k === j ? 1 : a)),
  }
  const withJ = { ...added, byY: seedsByY(added) }
  t0 = performance.now()
  fields[0]!.add(withJ, j)
  const addMs = ms(t0)
  const removed = { ...withJ, active: Uint8Array.from(withJ.active, (a, k) => (k === j ? 0 : a)) }
  t0 = performance.now()
  fields[0]!.remove({ ...removed, byY: seedsByY(removed) }, j)
  const removeMs = ms(t0)
  const { cells, unlinkedCells } = factory.stats()
  console.log(
    `demo city network: ${graph.nodeCount} nodes, ${graph.edgeCount} edges; ${cells.toLocaleString('en')} grid cells (${unlinkedCells} unlinked), ${facilities.length} facilities\n` +
      `  import ${fmt(imported)}, edge index ${fmt(indexed)}, cells linked to the streets ${fmt(linkMs)} wall, ${fmt(linkCpu)} CPU\n` +
      `  full network recompute (4 categories: multi-source search + every cell): first ${fmt(recompute[0]!)}, median of 7 ${fmt(median(recompute))} wall, ${fmt(median(recomputeCpu))} CPU (target < 200 ms)\n` +
      `  one canteen added ${fmt(addMs)}, removed ${fmt(removeMs)}\n` +
      `  whole grid model: circle ${fmt(circleMs)} wall / ${fmt(circleCpu)} CPU, network ${fmt(networkMs)} wall / ${fmt(networkCpu)} CPU (includes linking the cells)`,
  )
}

benchGrid()
benchDemo()
