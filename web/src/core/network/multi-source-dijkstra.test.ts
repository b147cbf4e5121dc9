import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MinHeap } from './min-heap.ts'
import { multiSourceDijkstra, relax } from './multi-source-dijkstra.ts'
import { csrAdjacency } from './walk-graph.ts'

/** The textbook O(n²) Dijkstra over an edge list, from a virtual source joined to each start. */
function plainDijkstra(
  n: number,
  edges: [number, number, number][],
  starts: [number, number][],
): number[] {
  const dist = new Array<number>(n).fill(Infinity)
  const done = new Array<boolean>(n).fill(false)
  for (const [v, c] of starts) dist[v] = Math.min(dist[v]!, c)
  for (;;) {
    let u = -1
    for (let i = 0; i < n; i++)
      if (!done[i] && dist[i]! < Infinity && (u < 0 || dist[i]! < dist[u]!)) u = i
    if (u < 0) return dist
    done[u] = true
    for (const [a, b, w] of edges) {
      if (a === u && dist[u]! + w < dist[b]!) dist[b] = dist[u]! + w
      if (b === u && dist[u]! + w < dist[a]!) dist[a] = dist[u]! + w
    }
  }
}

const graphArb = fc.integer({ min: 1, max: 40 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    edges: fc.array(
      fc.tuple(
        fc.integer({ min: 0, max: n - 1 }),
        fc.integer({ min: 0, max: n - 1 }),
        fc.double({ min: 0, max: 500, noNaN: true }),
      ),
      { maxLength: 120 },
    ),
    starts: fc.array(
      fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.double({ min: 0, max: 300, noNaN: true })),
      { minLength: 1, maxLength: 6 },
    ),
  }),
)

describe('multiSourceDijkstra', () => {
  it('equals a plain Dijkstra on random graphs (relative tolerance 1e-12; seed printed by the setup)', () => {
    fc.assert(
      fc.property(graphArb, ({ n, edges, starts }) => {
        const from = Int32Array.from(edges, (e) => e[0])
        const to = Int32Array.from(edges, (e) => e[1])
        const cost = Float64Array.from(edges, (e) => e[2])
        const graph = { nodeCount: n, ...csrAdjacency(n, from, to, cost) }
        const got = multiSourceDijkstra(
          graph,
          Int32Array.from(starts, (s) => s[0]),
          Float64Array.from(starts, (s) => s[1]),
          Int32Array.from(starts, (_, i) => i),
        )
        const want = plainDijkstra(n, edges, starts)
        for (let i = 0; i < n; i++) {
          if (want[i] === Infinity) {
            expect(got.dist[i]).toBe(Infinity)
            expect(got.source[i]).toBe(-1)
          } else {
            expect(Math.abs(got.dist[i]! - want[i]!)).toBeLessThanOrEqual(
              1e-12 * Math.max(1, want[i]!),
            )
            // The labelled source reaches the node at that distance.
            const s = got.source[i]!
            const alone = plainDijkstra(n, edges, [starts[s]!])
            expect(Math.abs(alone[i]! - want[i]!)).toBeLessThanOrEqual(
              1e-12 * Math.max(1, want[i]!),
            )
          }
        }
      }),
      { numRuns: 200 },
    )
  })

  it('gives the same distances, bit for bit, as a binary-heap search (tiny and zero costs too)', () => {
    const costArb = fc.oneof(
      fc.double({ min: 0, max: 500, noNaN: true }),
      fc.constantFrom(0, 1e-9, 0.3, 0.5),
    )
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }).chain((n) =>
          fc.record({
            n: fc.constant(n),
            edges: fc.array(
              fc.tuple(
                fc.integer({ min: 0, max: n - 1 }),
                fc.integer({ min: 0, max: n - 1 }),
                costArb,
              ),
              { maxLength: 200 },
            ),
            starts: fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), costArb), {
              minLength: 1,
              maxLength: 8,
            }),
          }),
        ),
        ({ n, edges, starts }) => {
          const graph = {
            nodeCount: n,
            ...csrAdjacency(
              n,
              Int32Array.from(edges, (e) => e[0]),
              Int32Array.from(edges, (e) => e[1]),
              Float64Array.from(edges, (e) => e[2]),
            ),
          }
          const got = multiSourceDijkstra(
            graph,
            Int32Array.from(starts, (s) => s[0]),
            Float64Array.from(starts, (s) => s[1]),
            Int32Array.from(starts, (_, i) => i),
          )
          const dist = new Float64Array(n).fill(Infinity)
          const source = new Int32Array(n).fill(-1)
          const heap = new MinHeap(2) // tiny, so it grows during the search
          starts.forEach(([v, c], i) => {
            if (c < dist[v]!) {
              dist[v] = c
              source[v] = i
              heap.push(v, c)
            }
          })
          relax(graph, dist, source, heap)
          expect(Array.from(got.dist)).toEqual(Array.from(dist))
        },
      ),
      { numRuns: 200 },
    )
  })

  it('pops a heap in key order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, min: -1e9, max: 1e9 }).map((k) => k + 0)),
        (keys) => {
          const h = new MinHeap(1)
          keys.forEach((k, i) => h.push(i, k))
          const out: number[] = []
          while (h.length > 0) {
            const k = h.peekKey()
            const i = h.pop()
            expect(keys[i]).toBe(k)
            out.push(k)
          }
          expect(out).toEqual([...keys].sort((a, b) => a - b))
        },
      ),
    )
  })
})
