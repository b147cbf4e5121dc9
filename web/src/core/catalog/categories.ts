/**
 * The kinds of service a 15-minute life circle provides, and whose people each one serves.
 * The database's `categories` table is the source of truth for names and colours at run time;
 * these are the four it is seeded with, for code that runs without a database (CLIs, tests,
 * the first paint before the database has opened).
 */

/** Whose population share counts for a category. */
export type TargetGroup = 'all' | 'elderly' | 'infants'

export const TARGET_GROUPS: readonly TargetGroup[] = ['all', 'elderly', 'infants']

/** What `facilities.capacity` counts for a category. */
export type CapacityUnit = 'seats' | 'slots' | 'm2' | 'none'

export interface CategoryDefinition {
  code: string
  nameZh: string
  nameEn: string
  /** `#rrggbb`, the colour on the map, the legend and the charts. */
  color: string
  icon: string
  targetGroup: TargetGroup
  capacityUnit: CapacityUnit
  /** Default reach, walking minutes (GB 50180-2018: 5/10/15-minute levels). */
  defaultMinutes: number
}

/** The four categories every database is seeded with (supabase/migrations/*_create_categories.sql). */
export const BASE_CATEGORIES: readonly CategoryDefinition[] = [
  {
    code: 'canteen',
    nameZh: '老年食堂·助餐点',
    nameEn: 'Elderly canteen / meal point',
    color: '#d9480f',
    icon: 'canteen',
    targetGroup: 'elderly',
    capacityUnit: 'seats',
    defaultMinutes: 15,
  },
  {
    code: 'childcare',
    nameZh: '托育点',
    nameEn: 'Childcare point',
    color: '#ae3ec9',
    icon: 'childcare',
    targetGroup: 'infants',
    capacityUnit: 'slots',
    defaultMinutes: 15,
  },
  {
    code: 'fitness',
    nameZh: '健身点',
    nameEn: 'Fitness site',
    color: '#2b8a3e',
    icon: 'fitness',
    targetGroup: 'all',
    capacityUnit: 'm2',
    defaultMinutes: 15,
  },
  {
    code: 'store',
    nameZh: '便利店',
    nameEn: 'Convenience store',
    color: '#1971c2',
    icon: 'store',
    targetGroup: 'all',
    capacityUnit: 'none',
    defaultMinutes: 15,
  },
]

/** Facility statuses; only `open` facilities count towards coverage and are shown as open. */
export type FacilityStatus = 'open' | 'closed' | 'planned'
export const FACILITY_STATUSES: readonly FacilityStatus[] = ['open', 'closed', 'planned']

/**
 * Category names as people write them in spreadsheets and open-data files (Chinese, Traditional
 * Chinese and English), to the category code. Keys are compared after `normalizeCategoryName`.
 */
const CATEGORY_ALIASES: Record<string, string> = {
  canteen: 'canteen',
  'elderly canteen': 'canteen',
  'meal point': 'canteen',
  老年食堂: 'canteen',
  长者食堂: 'canteen',
  長者食堂: 'canteen',
  助餐点: 'canteen',
  助餐點: 'canteen',
  老年助餐点: 'canteen',
  '老年食堂·助餐点': 'canteen',
  社区食堂: 'canteen',
  關懷據點: 'canteen',
  社區照顧關懷據點: 'canteen',
  社区照顾关怀据点: 'canteen',
  长者饭堂: 'canteen',
  長者飯堂: 'canteen',
  老年助餐點: 'canteen',
  社區食堂: 'canteen',
  巷弄長照站: 'canteen',
  巷弄长照站: 'canteen',
  childcare: 'childcare',
  'childcare point': 'childcare',
  nursery: 'childcare',
  托育点: 'childcare',
  托育點: 'childcare',
  托育机构: 'childcare',
  托育機構: 'childcare',
  托育: 'childcare',
  托嬰中心: 'childcare',
  托婴中心: 'childcare',
  托育中心: 'childcare',
  社區公共托育家園: 'childcare',
  社区公共托育家园: 'childcare',
  托兒所: 'childcare',
  托儿所: 'childcare',
  fitness: 'fitness',
  'fitness site': 'fitness',
  健身点: 'fitness',
  健身點: 'fitness',
  健身: 'fitness',
  运动场: 'fitness',
  運動場: 'fitness',
  体育场地: 'fitness',
  體育場地: 'fitness',
  健身房: 'fitness',
  健身中心: 'fitness',
  运动中心: 'fitness',
  運動中心: 'fitness',
  gym: 'fitness',
  store: 'store',
  'convenience store': 'store',
  便利店: 'store',
  便利商店: 'store',
  超商: 'store',
  便利超商: 'store',
}

/** Lower-case, trimmed, inner whitespace collapsed, full-width spaces included. */
export function normalizeCategoryName(name: string): string {
  return name
    .trim()
    .replace(/[\s\u3000]+/g, ' ')
    .toLowerCase()
}

/**
 * The category code a name written by a person stands for, or null when unknown.
 * @example categoryFromName('老年食堂') // 'canteen'
 * @example categoryFromName('Convenience Store') // 'store'
 */
export function categoryFromName(name: string): string | null {
  const key = normalizeCategoryName(name)
  if (BASE_CATEGORIES.some((c) => c.code === key)) return key
  return CATEGORY_ALIASES[key] ?? null
}
