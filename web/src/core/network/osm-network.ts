import type { InputIssue } from '../io/input-issue.ts'
import { InputError } from '../io/input-issue.ts'
import {
  buildWalkGraph,
  lineLengthM,
  type NetworkReport,
  type RawNetwork,
  type RawWay,
} from './build-walk-graph.ts'
import { walkableWay } from './walkable-way.ts'
import type { WalkGraph } from './walk-graph.ts'

/**
 * OSM nodes and ways as a reader collects them (XML or PBF), before the walkable filter.
 * Node ids may be any integers within ±2⁵³ (OSM ids are below 2⁴⁰).
 */
export class OsmCollector {
  private readonly index = new Map<number, number>()
  private readonly coords: number[] = []
  readonly ways: { id: number; refs: number[]; tags: Record<string, string> }[] = []

  addNode(id: number, lon: number, lat: number): void {
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) return
    if (!this.index.has(id)) {
      this.index.set(id, this.coords.length / 2)
      this.coords.push(lon, lat)
    }
  }

  addWay(id: number, refs: number[], tags: Record<string, string>): void {
    this.ways.push({ id, refs, tags })
  }

  /**
   * Applies the walkable filter and builds the graph. A junction is a node that walkable ways
   * use more than once (OSM's shared node ids), plus way ends. Ways that reference nodes
   * missing from the file (clipped extracts) keep their present runs; the report says how many.
   */
  build(source: string): { graph: WalkGraph; report: NetworkReport } {
    const ways: RawWay[] = []
    const filtered: RawNetwork['filtered'] = {}
    const issues: InputIssue[] = []
    let clipped = 0
    let missingRefs = 0
    for (const w of this.ways) {
      const runs: number[][] = [[]]
      for (const ref of w.refs) {
        const v = this.index.get(ref)
        if (v === undefined) {
          missingRefs++
          if (runs[runs.length - 1]!.length > 0) runs.push([])
        } else runs[runs.length - 1]!.push(v)
      }
      if (runs.length > 1 || runs[0]!.length < w.refs.length) clipped++
      const verdict = walkableWay(w.tags)
      if (!verdict.walkable) {
        if (verdict.reason === 'not a highway') continue
        const r = (filtered[verdict.reason] ??= { ways: 0, lengthM: 0 })
        r.ways++
        for (const run of runs) r.lengthM += lineLengthM(this.coords, run)
        continue
      }
      for (const run of runs)
        if (run.length >= 2) ways.push({ vertices: run, factor: verdict.factor })
    }
    if (clipped > 0) {
      issues.push({
        source,
        where: 'file',
        field: 'nd',
        message: `${clipped} ways reference ${missingRefs} nodes not in the file (a clipped extract); their present parts were kept`,
        severity: 'warning',
      })
    }
    const highwayWays = this.ways.filter((w) => w.tags.highway !== undefined).length
    if (ways.length === 0) {
      throw new InputError([
        ...issues,
        {
          source,
          where: 'file',
          field: 'highway',
          message: `no walkable highway way in the file (${this.ways.length} ways, ${highwayWays} with a highway tag)`,
          severity: 'error',
        },
      ])
    }
    return buildWalkGraph({
      source,
      vertexLngLat: this.coords,
      ways,
      waysRead: highwayWays,
      filtered,
      issues,
    })
  }
}
