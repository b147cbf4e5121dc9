import { describe, expect, it } from 'vitest'
import { testNetwork } from './test-network.ts'
import {
  decodeWalkGraph,
  encodeWalkGraph,
  haversineM,
  walkGraphTransferables,
} from './walk-graph.ts'

const { graph } = testNetwork([
  [
    [0, 0],
    [100, 0],
    [100, 100],
  ],
  [
    [100, 0],
    [200, 0],
  ],
])

describe('WalkGraph', () => {
  it('round-trips through the cache encoding, also from an unaligned copy', () => {
    const bytes = encodeWalkGraph(graph)
    expect(decodeWalkGraph(bytes)).toEqual(graph)
    const shifted = new Uint8Array(bytes.length + 3)
    shifted.set(bytes, 3)
    expect(decodeWalkGraph(shifted.subarray(3))).toEqual(graph)
  })

  it('rejects bytes that are not a graph', () => {
    expect(() => decodeWalkGraph(new Uint8Array(64))).toThrow(/not a walking-network cache/)
    expect(() => decodeWalkGraph(encodeWalkGraph(graph).subarray(0, 100))).toThrow(/truncated/)
  })

  it('lists every array buffer once as a transferable, and structured-clones as it is', () => {
    expect(walkGraphTransferables(graph)).toHaveLength(11)
    expect(structuredClone(graph)).toEqual(graph)
  })

  it('is a CSR whose neighbours carry their edge costs', () => {
    for (let v = 0; v < graph.nodeCount; v++) {
      for (let k = graph.adjStart[v]!; k < graph.adjStart[v + 1]!; k++) {
        const e = graph.adjEdge[k]!
        expect([graph.edgeFrom[e], graph.edgeTo[e]]).toContain(v)
        expect([graph.edgeFrom[e], graph.edgeTo[e]]).toContain(graph.adjNode[k])
        expect(graph.adjCost[k]).toBe(graph.edgeCost[e])
      }
    }
    expect(graph.adjStart[graph.nodeCount]).toBe(2 * graph.edgeCount)
  })

  it('measures on the R = 6,371,008.8 m sphere', () => {
    // One degree of longitude on the equator.
    expect(haversineM(0, 0, 1, 0)).toBeCloseTo((6_371_008.8 * Math.PI) / 180, 6)
  })
})
