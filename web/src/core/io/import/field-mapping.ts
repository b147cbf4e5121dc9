/**
 * Which column feeds which record field: found automatically from Chinese (Simplified and
 * Traditional) and English headers, or given by the user as an object / JSON file such as
 * `{ "name": "機構名稱", "lon": "經度", "lat": "緯度", "category": { "value": "childcare" } }`.
 */
import { z } from 'zod'
import {
  IMPORT_FIELDS,
  type FieldMapping,
  type FieldSource,
  type ImportField,
  type ImportIssue,
} from './import-types.ts'

/** Headers compared without case, spaces, `_`, `-`, brackets or full-width forms. */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-()[\]{}:.]/g, '')
}

interface FieldCandidates {
  /** Whole-header matches, best first. */
  exact: string[]
  /** Words a longer header may contain (`據點名稱` contains `名稱`); best first. */
  contains: string[]
}

const CANDIDATES: Record<ImportField, FieldCandidates> = {
  name: {
    exact: [
      '名称',
      '名稱',
      'name',
      '机构名称',
      '機構名稱',
      '设施名称',
      '設施名稱',
      '单位名称',
      '單位名稱',
      '门店名称',
      '門店名稱',
      '店名',
      '据点名称',
      '據點名稱',
      '场馆名称',
      '場館名稱',
      'facilityname',
      'instname',
      'title',
    ],
    contains: ['名称', '名稱', 'name'],
  },
  address: {
    exact: ['地址', 'address', 'addr', '详细地址', '詳細地址', '所在地址', 'location'],
    contains: ['地址', 'address'],
  },
  lon: {
    exact: ['经度', '經度', 'lon', 'lng', 'long', 'longitude', 'x', 'wgs84lon', 'gcj02lon'],
    contains: ['经度', '經度', 'longitude'],
  },
  lat: {
    exact: ['纬度', '緯度', 'lat', 'latitude', 'y', 'wgs84lat', 'gcj02lat'],
    contains: ['纬度', '緯度', 'latitude'],
  },
  category: {
    exact: [
      '类型',
      '類型',
      '类别',
      '類別',
      '分类',
      '分類',
      'type',
      'category',
      '设施类型',
      '設施類型',
    ],
    contains: ['类型', '類型', '类别', '類別', 'category', 'type'],
  },
  phone: {
    exact: [
      '电话',
      '電話',
      'phone',
      'tel',
      'telephone',
      '联系电话',
      '聯絡電話',
      '聯繫電話',
      '联系方式',
      '聯絡方式',
      '市話',
      '手机',
      '手機',
      'mobile',
    ],
    contains: ['电话', '電話', 'phone'],
  },
  hours: {
    exact: [
      '营业时间',
      '營業時間',
      'hours',
      'openinghours',
      '开放时间',
      '開放時間',
      '服务时间',
      '服務時間',
      '时间',
      '時間',
    ],
    contains: ['营业时间', '營業時間', '开放时间', '開放時間', '服务时间', '服務時間', 'hours'],
  },
  capacity: {
    exact: [
      '容量',
      '床位',
      '床位数',
      '床位數',
      '托位',
      '托位数',
      '托位數',
      '座位',
      '座位数',
      '座位數',
      '餐位',
      'capacity',
      '核定收托人數',
      '收托人数',
    ],
    contains: ['容量', '床位', '托位', '座位', '餐位', 'capacity'],
  },
  operator: {
    exact: [
      '运营方',
      '運營方',
      '运营单位',
      '運營單位',
      '营运单位',
      '營運單位',
      '经营主体',
      '經營主體',
      '承办单位',
      '承辦單位',
      '主办单位',
      '主辦單位',
      'operator',
    ],
    contains: ['运营', '運營', '营运', '營運', '经营', '經營', '承办', '承辦', 'operator'],
  },
  inclusive: {
    exact: ['普惠', '是否普惠', '普惠性', 'inclusive'],
    contains: ['普惠', 'inclusive'],
  },
  status: {
    exact: ['状态', '狀態', 'status', '营业状态', '營業狀態', '运营状态', '運營狀態'],
    contains: ['状态', '狀態', 'status'],
  },
}

/**
 * The mapping found from a file's headers: each field takes the best header not taken by an
 * earlier field — whole-header matches first, then headers containing a field word.
 * @example suggestMapping(['序號', '機構名稱', '經度', '緯度']) // { name: '機構名稱', lon: '經度', lat: '緯度' }
 */
export function suggestMapping(headers: readonly string[]): FieldMapping {
  const mapping: FieldMapping = {}
  const taken = new Set<string>()
  const norm = headers.map((h) => normalizeHeader(h))
  // In IMPORT_FIELDS order, so a header claimed by `name` is not also read as something else.
  for (const field of IMPORT_FIELDS) {
    const { exact, contains } = CANDIDATES[field]
    let hit: string | undefined
    for (const c of exact) {
      const i = norm.findIndex((h, j) => h === c && !taken.has(headers[j]!))
      if (i >= 0) {
        hit = headers[i]
        break
      }
    }
    if (hit === undefined) {
      for (const c of contains) {
        const i = norm.findIndex((h, j) => h.includes(c) && !taken.has(headers[j]!))
        if (i >= 0) {
          hit = headers[i]
          break
        }
      }
    }
    if (hit !== undefined) {
      mapping[field] = hit
      taken.add(hit)
    }
  }
  return mapping
}

const sourceSchema = z.union([
  z.string().min(1),
  z.array(z.string().min(1)).min(1),
  z.strictObject({
    join: z.array(z.string().min(1)).min(1),
    separator: z.string().max(10).optional(),
  }),
  z.strictObject({ value: z.union([z.string(), z.number(), z.boolean()]) }),
])

const mappingSchema = z.strictObject(
  Object.fromEntries(IMPORT_FIELDS.map((f) => [f, sourceSchema.optional()])) as Record<
    ImportField,
    z.ZodOptional<typeof sourceSchema>
  >,
)

export type MappingParse =
  { ok: true; mapping: FieldMapping } | { ok: false; issues: ImportIssue[] }

/**
 * Checks a mapping object (e.g. parsed from a user's JSON file): known fields only, each a
 * column name, a list of columns, `{ join: [...] }` or `{ value }`.
 * @example parseMapping({ name: '機構名稱', lon: '經度' }).ok // true
 */
export function parseMapping(input: unknown): MappingParse {
  const r = mappingSchema.safeParse(input)
  if (r.success) {
    const mapping: FieldMapping = {}
    for (const [k, v] of Object.entries(r.data)) if (v !== undefined) mapping[k as ImportField] = v
    return { ok: true, mapping }
  }
  return {
    ok: false,
    issues: r.error.issues.map((i) => {
      const unknownKeys = i.code === 'unrecognized_keys' ? i.keys : []
      const field = unknownKeys.length ? unknownKeys.join(', ') : String(i.path[0] ?? 'mapping')
      const message = unknownKeys.length
        ? `unknown field ${unknownKeys.map((k) => `"${k}"`).join(', ')} in the mapping (known: ${IMPORT_FIELDS.join(', ')})`
        : `the mapping for "${field}" must be a column name, a list of column names, { "join": [...] } or { "value": ... }`
      return { row: null, field, severity: 'error', code: 'mapping_invalid', message }
    }),
  }
}

/**
 * Reads a mapping from JSON text, never throwing.
 * @example parseMappingJson('{"name":"名稱"}') // { ok: true, mapping: { name: '名稱' } }
 */
export function parseMappingJson(text: string): MappingParse {
  let data: unknown
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
  } catch (e) {
    return {
      ok: false,
      issues: [
        {
          row: null,
          field: 'mapping',
          severity: 'error',
          code: 'mapping_invalid',
          message: `the mapping is not valid JSON: ${(e as Error).message}`,
        },
      ],
    }
  }
  return parseMapping(data)
}

/** The columns a source reads. */
export function sourceColumns(source: FieldSource): string[] {
  if (typeof source === 'string') return [source]
  if (Array.isArray(source)) return source
  if ('join' in source) return source.join
  return []
}

/** Issues for mapped columns the file does not have (a typo in a mapping file). */
export function checkMappingColumns(
  mapping: FieldMapping,
  headers: readonly string[],
): ImportIssue[] {
  const known = new Set(headers)
  const issues: ImportIssue[] = []
  for (const [field, source] of Object.entries(mapping)) {
    for (const column of sourceColumns(source)) {
      if (!known.has(column)) {
        issues.push({
          row: null,
          field,
          severity: 'error',
          code: 'mapping_unknown_column',
          message: `the mapping reads "${field}" from column "${column}", which the file does not have (columns: ${headers.join(', ') || 'none'})`,
        })
      }
    }
  }
  return issues
}

const isBlank = (v: unknown): boolean =>
  v === null || v === undefined || (typeof v === 'string' && v.trim() === '')

/** A field's raw value in one row; undefined when the source is empty there. */
export function readSource(cells: Readonly<Record<string, unknown>>, source: FieldSource): unknown {
  if (typeof source === 'string') return isBlank(cells[source]) ? undefined : cells[source]
  if (Array.isArray(source)) {
    for (const c of source) if (!isBlank(cells[c])) return cells[c]
    return undefined
  }
  if ('join' in source) {
    const parts = source.join
      .map((c) => cells[c])
      .filter((v) => !isBlank(v))
      .map((v) => String(v).trim())
    return parts.length ? parts.join(source.separator ?? ' ') : undefined
  }
  return source.value
}
