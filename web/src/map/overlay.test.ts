import type { LayerSpecification } from 'maplibre-gl'
import { describe, expect, it } from 'vitest'
import { syncOverlays, type MapOverlay, type OverlayState, type OverlayTarget } from './overlay.ts'

/** A stand-in for the map that records its stack and every call. */
function fakeMap() {
  const sources = new Map<string, { data: unknown }>()
  const stack: string[] = ['base', 'slot-areas', 'middle', 'slot-lines', 'dots', 'slot-top']
  const calls: string[] = []
  const map: OverlayTarget = {
    getSource: (id) => {
      const s = sources.get(id)
      return s && { setData: (d: unknown) => (calls.push(`setData ${id}`), (s.data = d)) }
    },
    addSource: (id, source) => (
      calls.push(`addSource ${id}`),
      sources.set(id, source as { data: unknown })
    ),
    removeSource: (id) => (calls.push(`removeSource ${id}`), sources.delete(id)),
    getLayer: (id) => (stack.includes(id) ? { id } : undefined),
    addLayer: (layer: LayerSpecification, before?: string) => {
      calls.push(`addLayer ${layer.id}`)
      stack.splice(before ? stack.indexOf(before) : stack.length, 0, layer.id)
    },
    removeLayer: (id) => (calls.push(`removeLayer ${id}`), stack.splice(stack.indexOf(id), 1)),
    hasImage: () => false,
    addImage: (id) => calls.push(`addImage ${id}`),
  }
  return { map, stack, calls, sources }
}

const anchors = { areas: 'slot-areas', lines: 'slot-lines', top: 'slot-top' } as const
const data = (n: number): GeoJSON.FeatureCollection => ({
  type: 'FeatureCollection',
  features: Array.from({ length: n }, () => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [0, 0] },
    properties: {},
  })),
})

function overlay(d: GeoJSON.FeatureCollection, color = '#f00'): MapOverlay {
  return {
    id: 'gaps',
    sources: { 'gaps-src': { data: d } },
    layers: [
      {
        id: 'gaps-fill',
        type: 'fill',
        source: 'gaps-src',
        slot: 'areas',
        paint: { 'fill-color': color },
      },
      { id: 'gaps-line', type: 'line', source: 'gaps-src', slot: 'lines' },
    ],
  }
}

describe('syncOverlays', () => {
  it('adds sources and layers at their slots', () => {
    const { map, stack } = fakeMap()
    syncOverlays(map, new Map(), [overlay(data(1))], anchors)
    expect(stack).toEqual([
      'base',
      'gaps-fill',
      'slot-areas',
      'middle',
      'gaps-line',
      'slot-lines',
      'dots',
      'slot-top',
    ])
  })
  it('sets data only when the reference changes, and replaces only changed layers', () => {
    const { map, calls } = fakeMap()
    const d = data(1)
    let state: OverlayState = syncOverlays(map, new Map(), [overlay(d)], anchors)
    calls.length = 0
    state = syncOverlays(map, state, [overlay(d)], anchors)
    expect(calls).toEqual([])
    state = syncOverlays(map, state, [overlay(data(2))], anchors)
    expect(calls).toEqual(['setData gaps-src'])
    calls.length = 0
    syncOverlays(map, state, [overlay(data(2), '#00f')], anchors)
    expect(calls).toContain('removeLayer gaps-fill')
    expect(calls).toContain('addLayer gaps-fill')
    expect(calls).not.toContain('removeLayer gaps-line')
  })
  it('removes everything of an overlay that is gone', () => {
    const { map, stack, sources } = fakeMap()
    const state = syncOverlays(map, new Map(), [overlay(data(1))], anchors)
    syncOverlays(map, state, [], anchors)
    expect(stack).toEqual(['base', 'slot-areas', 'middle', 'slot-lines', 'dots', 'slot-top'])
    expect(sources.size).toBe(0)
  })
})
