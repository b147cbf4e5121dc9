import type { CoverageResult } from '../../coverage/types.ts'

/**
 * Where exported figures come from. ARCHITECTURE.md: "no figure without provenance — every
 * export states the data vintage, reach settings and method". Passed in by the caller (the app
 * knows its data set and version; the CLI its files), so these functions stay pure.
 */
export interface ExportProvenance {
  /** The data and their publisher, e.g. `示范数据 generated demo data` or `Taipei City Government open data`. */
  data_source: string
  /** Vintage of the population and facility figures, e.g. `2024-12`. */
  data_vintage: string
  /** lifecircle version that computed the figures. */
  app_version: string
  /** When the figures were computed, ISO 8601 (e.g. `new Date().toISOString()`). */
  generated_at: string
  /** Per category code: how its reach was set, e.g. `15 min × 3.0 km/h (elderly pace)`. */
  reach_notes?: Readonly<Record<string, string>>
}

/** The method in words, from the result's own settings. */
export function methodNote(result: Pick<CoverageResult, 'method' | 'settings'>): string {
  const method =
    result.method === 'exact'
      ? 'exact: analytic area of each community ∩ union of reach discs (精确法)'
      : `fast: grid of ${result.settings.cell_m ?? 10} m cells (栅格法)`
  const people =
    result.settings.population_placement === 'population-layer'
      ? 'people placed by the population layer (按人口小区/普查区分布)'
      : 'people spread evenly over each community (按社区面积均匀分布)'
  return `${method}; straight-line reach, ${result.settings.distance}; ${people}`
}

/** Reach of each category in words: `canteen 750 m (15 min × 3.0 km/h (elderly pace)); …`. */
export function reachNote(
  result: Pick<CoverageResult, 'settings'>,
  notes: Readonly<Record<string, string>> = {},
): string {
  return result.settings.categories
    .map((c) => {
      const note = notes[c.code]
      return `${c.code} ${formatMetres(c.reach_m)} m${note ? ` (${note})` : ''}, ${c.target_group}`
    })
    .join('; ')
}

function formatMetres(m: number): string {
  return Number.isInteger(m) ? String(m) : m.toFixed(1)
}

/**
 * The header block of a table export as label / value pairs, the same in CSV and XLSX.
 * @example provenanceBlock(result, provenance)[0] // ['生活圈 lifecircle', '社区生活圈覆盖率 community coverage table']
 */
export function provenanceBlock(
  result: Pick<CoverageResult, 'method' | 'settings'>,
  provenance: ExportProvenance,
  title = '社区生活圈覆盖率 community life-circle coverage',
): [string, string][] {
  return [
    ['生活圈 lifecircle', title],
    ['数据来源 data source', provenance.data_source],
    ['数据年份 data vintage', provenance.data_vintage],
    ['步行范围 reach', reachNote(result, provenance.reach_notes)],
    ['计算方法 method', methodNote(result)],
    ['计算时间 generated', provenance.generated_at],
    ['版本 app version', provenance.app_version],
  ]
}
