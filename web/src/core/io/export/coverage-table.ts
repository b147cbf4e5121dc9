import { BASE_CATEGORIES } from '../../catalog/categories.ts'
import type { CategoryFigures, CommunityResult, CoverageResult } from '../../coverage/types.ts'
import { formatFigure, type FigureKind } from './format-figure.ts'

/** A cell of an exported table: a number, a text, or empty. */
export type TableValue = string | number | null

/** Language of the column labels (the keys never change). */
export type TableLanguage = 'zh' | 'en'

export interface TableColumn {
  /** Stable key, e.g. `community_id`, `canteen.population_share`. */
  key: string
  /** The header cell in the chosen language. */
  label: string
  /** Category code for per-category columns. */
  category?: string
}

export interface CoverageTableOptions {
  /** 街道 (street / sub-district) per community id; blank where unknown. */
  streets?: Readonly<Record<string, string>>
  /**
   * Per category code: the population share (fraction in [0, 1]) a community must reach for
   * "target met" to be ✓. Categories without a target get an empty cell.
   */
  targets?: Readonly<Record<string, number>>
  /** Header language (default zh). */
  language?: TableLanguage
}

export interface CoverageTable {
  columns: TableColumn[]
  /** One row per community, in the result's order; values already through formatFigure. */
  rows: TableValue[][]
}

/** Per-category fields, in column order, with their figure kind and labels. */
const CATEGORY_FIELDS: readonly {
  field: string
  kind: FigureKind | 'text'
  zh: string
  en: string
}[] = [
  { field: 'target_group', kind: 'text', zh: '服务对象', en: 'target group' },
  { field: 'target_population', kind: 'people', zh: '服务对象人数', en: 'target people' },
  { field: 'population_share', kind: 'share', zh: '人口覆盖率', en: 'population share' },
  { field: 'population_covered', kind: 'people', zh: '覆盖人数', en: 'people covered' },
  { field: 'area_share', kind: 'share', zh: '面积覆盖率', en: 'area share' },
  { field: 'nearest_m_median', kind: 'metres', zh: '最近距离中位数(米)', en: 'nearest median (m)' },
  { field: 'nearest_m_p90', kind: 'metres', zh: '最近距离90分位(米)', en: 'nearest p90 (m)' },
  { field: 'capacity_per_1000', kind: 'per_1000', zh: '每千人容量', en: 'capacity per 1,000' },
  { field: 'target_met', kind: 'text', zh: '达标', en: 'target met' },
]

const GROUP_LABEL: Record<string, { zh: string; en: string }> = {
  all: { zh: '全体居民', en: 'everyone' },
  elderly: { zh: '老年人(65+)', en: 'elderly (65+)' },
  infants: { zh: '婴幼儿(0-3岁)', en: 'infants (0-3)' },
}

function categoryName(code: string, language: TableLanguage): string {
  const c = BASE_CATEGORIES.find((b) => b.code === code)
  if (!c) return code
  return language === 'zh' ? c.nameZh : c.nameEn
}

/**
 * The columns of {@link coverageTable}: community id, name, 街道, population, then per category
 * (in the result's order) target group, target people, population share, people covered, area
 * share, median / 90th-percentile nearest distance, capacity per 1,000, target met; then the
 * complete life circle share.
 * @example coverageTableColumns(result, 'en').map((c) => c.key)
 */
export function coverageTableColumns(
  result: Pick<CoverageResult, 'settings'>,
  language: TableLanguage = 'zh',
): TableColumn[] {
  const zh = language === 'zh'
  const columns: TableColumn[] = [
    { key: 'community_id', label: zh ? '社区编号' : 'community id' },
    { key: 'community_name', label: zh ? '社区' : 'community' },
    { key: 'street', label: zh ? '街道' : 'street (jiedao)' },
    { key: 'population', label: zh ? '常住人口' : 'population' },
  ]
  for (const c of result.settings.categories) {
    const name = categoryName(c.code, language)
    for (const f of CATEGORY_FIELDS) {
      columns.push({
        key: `${c.code}.${f.field}`,
        label: zh ? `${name}·${f.zh}` : `${name}: ${f.en}`,
        category: c.code,
      })
    }
  }
  columns.push({
    key: 'complete_share',
    label: zh ? '完整生活圈覆盖率' : 'complete life circle share',
  })
  return columns
}

/**
 * Whether a community meets a category's target: '✓' when its population share is at least
 * the target, '✗' below it, '' without a target or without target-group people.
 * @example targetMet(0.62, 0.6) // '✓'
 */
export function targetMet(share: number | null, target: number | undefined): '✓' | '✗' | '' {
  if (target === undefined || share === null) return ''
  // Compared as exported, so the mark agrees with the share printed beside it.
  return (formatFigure('share', share) ?? 0) >= target ? '✓' : '✗'
}

function categoryValue(
  field: string,
  kind: FigureKind | 'text',
  f: CategoryFigures | undefined,
  group: string,
  language: TableLanguage,
  target: number | undefined,
): TableValue {
  if (!f) return null
  if (field === 'target_group') return GROUP_LABEL[group]?.[language] ?? group
  if (field === 'target_met') return targetMet(f.population_share, target)
  const raw = (f as unknown as Record<string, number | null | undefined>)[field]
  return kind === 'text' ? null : formatFigure(kind, raw)
}

/**
 * The planner's coverage table: one row per community with its figures for every category of
 * the result, every number passed through {@link formatFigure} (so the CSV, the XLSX and the
 * screen show the same digits). Pure: the same result and options give the same table.
 * @example coverageTable(result, { targets: { childcare: 0.6 }, streets: { c1: '示范街道' } }).rows[0]
 */
export function coverageTable(
  result: Pick<CoverageResult, 'settings' | 'communities'>,
  options: CoverageTableOptions = {},
): CoverageTable {
  const language = options.language ?? 'zh'
  const columns = coverageTableColumns(result, language)
  const rows = result.communities.map((c: CommunityResult) => {
    const row: TableValue[] = [
      c.id,
      c.name,
      options.streets?.[c.id] ?? '',
      formatFigure('people', c.population),
    ]
    for (const s of result.settings.categories) {
      const f = c.categories[s.code]
      for (const field of CATEGORY_FIELDS) {
        row.push(
          categoryValue(
            field.field,
            field.kind,
            f,
            s.target_group,
            language,
            options.targets?.[s.code],
          ),
        )
      }
    }
    row.push(formatFigure('share', c.complete_share))
    return row
  })
  return { columns, rows }
}
