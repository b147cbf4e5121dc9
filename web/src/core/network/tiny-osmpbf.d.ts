// tiny-osmpbf ships no types; this is the part of its API the network importer uses.
declare module 'tiny-osmpbf' {
  export interface OsmPbfElement {
    type: 'node' | 'way' | 'relation'
    id: number
    lat?: number
    lon?: number
    nodes?: number[]
    tags?: Record<string, string>
  }
  export default function tinyOsmPbf(
    input: ArrayBuffer | Uint8Array,
    handler?: (element: OsmPbfElement) => void,
  ): { elements?: OsmPbfElement[] }
}
