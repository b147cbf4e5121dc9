import { readFile, stat } from 'node:fs/promises'
import type { NetworkReport } from '../../web/src/core/network/build-walk-graph.ts'
import { importNetwork, type NetworkFormat } from '../../web/src/core/network/import-network.ts'
import type { WalkGraph } from '../../web/src/core/network/walk-graph.ts'
import { InputError } from '../../web/src/core/io/input-issue.ts'

/** Largest network file read, bytes (a whole city's OSM XML fits). */
const MAX_BYTES = 2_000_000_000

/**
 * Reads a walking network file — OSM XML (`.osm`, `.osm.gz`), OSM PBF or GeoJSON lines, told
 * apart by content — into a graph. A file that cannot be read is an {@link InputError} naming it.
 * @example const { graph, report } = await loadNetworkFile('data/demo/streets.geojson')
 */
export async function loadNetworkFile(
  path: string,
): Promise<{ graph: WalkGraph; report: NetworkReport; format: NetworkFormat }> {
  const fail = (message: string): never => {
    throw new InputError([
      { source: path, where: 'file', field: 'file', message, severity: 'error' },
    ])
  }
  let size = 0
  try {
    size = (await stat(path)).size
  } catch (e) {
    fail(`cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`)
  }
  if (size > MAX_BYTES) fail(`${(size / 1e6).toFixed(0)} MB is too large`)
  const bytes = new Uint8Array(await readFile(path))
  return importNetwork(bytes, { source: path })
}

/**
 * The import report as lines for a person: what was kept, what the walkable filter dropped and
 * what lay outside the largest connected component.
 * @example formatNetworkReport(report).join('\n')
 */
export function formatNetworkReport(report: NetworkReport, format?: string): string[] {
  const km = (m: number): string => (m / 1000).toFixed(1)
  const lines = [
    `${report.source}${format ? ` (${format})` : ''}: ${report.waysRead} lines read, ${report.waysWalkable} walkable; kept ${report.kept.nodes} nodes, ${report.kept.edges} edges, ${km(report.kept.lengthM)} km`,
  ]
  for (const [reason, d] of Object.entries(report.filtered)) {
    lines.push(`  dropped (${reason}): ${d.ways} ways, ${km(d.lengthM)} km`)
  }
  if (report.components > 1) {
    lines.push(
      `  dropped outside the largest of ${report.components} connected parts: ${report.droppedComponents.edges} edges, ${report.droppedComponents.nodes} nodes, ${km(report.droppedComponents.lengthM)} km`,
    )
  }
  return lines
}
