import { describe, expect, it } from 'vitest'
import { EdgeSnapper } from './edge-snapper.ts'
import { facilitySources, nearestByNetwork } from './network-distances.ts'
import { reachLines } from './reach-lines.ts'
import { testNetwork } from './test-network.ts'
import { haversineM } from './walk-graph.ts'

const length = (line: [number, number][]): number => {
  let s = 0
  for (let i = 1; i < line.length; i++) s += haversineM(...line[i - 1]!, ...line[i]!)
  return s
}

describe('reachLines', () => {
  // A T: (0,0) → (200,0) → (400,0), and (200,0) → (200,300).
  const { graph, toLngLat } = testNetwork([
    [
      [0, 0],
      [200, 0],
      [400, 0],
    ],
    [
      [200, 0],
      [200, 100],
      [200, 300],
    ],
  ])
  const snapper = new EdgeSnapper(graph)
  const fac = snapper.link(toLngLat(100, 20)) // 20 m off the first leg, 100 m from its start
  const { nodes } = nearestByNetwork(graph, snapper.link([]), fac)
  const { byEdge } = facilitySources(graph, fac)

  it('cuts the streets where the reach runs out, around the facility on its own edge too', () => {
    // 170 m: 150 m along the street each way from the foot (20 m connector).
    const lines = reachLines(graph, nodes, fac, byEdge, 170)
    const total = lines.reduce((s, l) => s + length(l), 0)
    // West 100 m to the end; east 100 m to the junction, then 50 m on along each street.
    expect(total).toBeCloseTo(100 + 100 + 50 + 50, 0)
    expect(lines.length).toBeGreaterThanOrEqual(2)
  })

  it('covers every street within reach once (the sum of lengths), whole edges included', () => {
    const lines = reachLines(graph, nodes, fac, byEdge, 20 + 100 + 100 + 300)
    const total = lines.reduce((s, l) => s + length(l), 0)
    // Everything: 400 m of the first street and 300 m of the second.
    expect(total).toBeCloseTo(700, 0)
    expect(reachLines(graph, nodes, fac, byEdge, 10)).toEqual([])
  })
})
