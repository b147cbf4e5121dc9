// shpjs ships no types; these are the two entry points the importer uses (shpjs/lib/index.js).
declare module 'shpjs' {
  /** Geometries of a .shp, reprojected to WGS-84 when a readable .prj text is given. */
  export function parseShp(
    shp: ArrayBuffer | DataView | Uint8Array,
    prj?: string | false,
  ): (Record<string, unknown> | null)[]
  /** Attribute rows of a .dbf, text decoded with the .cpg's encoding (UTF-8 without one). */
  export function parseDbf(
    dbf: ArrayBuffer | DataView | Uint8Array,
    cpg?: string,
  ): Record<string, unknown>[]
}
