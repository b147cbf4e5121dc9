import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadSimplifier, type Simplify } from './normalize-text.ts'
import { buildSearchIndex, smallest, type SearchFields } from './search-index.ts'

interface Row {
  id: string
  name: string
  address?: string
  community?: string
  lon?: number
  lat?: number
}
const fields = (r: Row): SearchFields => r
let simplify: Simplify
beforeAll(async () => {
  simplify = await loadSimplifier()
})

const ROWS: Row[] = [
  {
    id: 'a',
    name: '吉祥社区长者食堂',
    address: '滨河路291弄23号',
    community: '吉祥社区',
    lon: 121.43,
    lat: 31.04,
  },
  { id: 'b', name: '长者食堂', address: '桂花路8号', community: '明珠社区', lon: 121.5, lat: 31.1 },
  {
    id: 'c',
    name: '長者食堂旗艦店',
    address: '信義路五段7號',
    community: '信義區',
    lon: 121.56,
    lat: 25.03,
  },
  {
    id: 'd',
    name: '小小星托育园',
    address: '望江路100号',
    community: '望江社区',
    lon: 121.44,
    lat: 31.05,
  },
  {
    id: 'e',
    name: '全家便利店',
    address: '滨河路12号',
    community: '吉祥社区',
    lon: 121.431,
    lat: 31.041,
  },
  {
    id: 'f',
    name: '7-ELEVEN 信義門市',
    address: '臺北市信義區松仁路１０號',
    community: '西村里',
    lon: 121.567,
    lat: 25.035,
  },
  { id: 'g', name: '健身点', address: '长者食堂对面', community: '东村', lon: 121.45, lat: 31.06 },
  {
    id: 'h',
    name: '望江健身苑',
    address: '江边',
    community: '长者食堂社区',
    lon: 121.45,
    lat: 31.06,
  },
]

describe('buildSearchIndex', () => {
  const index = (): ReturnType<typeof buildSearchIndex<Row>> =>
    buildSearchIndex(ROWS, fields, { simplify })

  it('ranks exact name > name prefix > name substring > address > community', () => {
    const r = index().search('长者食堂')
    expect(r.hits.map((h) => [h.item.id, h.match])).toEqual([
      ['b', 'exact'],
      ['c', 'prefix'],
      ['a', 'name'],
      ['g', 'address'],
      ['h', 'community'],
    ])
    expect(r.total).toBe(5)
  })

  it('finds Simplified names from Traditional input and Traditional names from Simplified input', () => {
    const trad = index()
      .search('長者食堂')
      .hits.map((h) => h.item.id)
    expect(trad).toEqual(['b', 'c', 'a', 'g', 'h'])
    expect(
      index()
        .search('信义门市')
        .hits.map((h) => h.item.id),
    ).toEqual(['f'])
    expect(
      index()
        .search('台北市')
        .hits.map((h) => [h.item.id, h.match]),
    ).toEqual([['f', 'address']])
  })

  it('takes partial input, street names, full-width digits and any case', () => {
    expect(index().search('食堂').total).toBe(5)
    expect(
      index()
        .search('托育')
        .hits.map((h) => h.item.id),
    ).toEqual(['d'])
    expect(
      index()
        .search('滨河路')
        .hits.map((h) => h.item.id),
    ).toEqual(['e', 'a'])
    expect(
      index()
        .search('松仁路10')
        .hits.map((h) => h.item.id),
    ).toEqual(['f'])
    expect(
      index()
        .search('７-eleven')
        .hits.map((h) => h.item.id),
    ).toEqual(['f'])
    expect(
      index()
        .search('7eleven')
        .hits.map((h) => h.item.id),
    ).toEqual(['f'])
    expect(
      index()
        .search('西村')
        .hits.map((h) => [h.item.id, h.match]),
    ).toEqual([['f', 'community']])
  })

  it('needs every space-separated part, in the name or elsewhere', () => {
    expect(
      index()
        .search('吉祥 全家')
        .hits.map((h) => [h.item.id, h.match]),
    ).toEqual([['e', 'community']])
    expect(
      index()
        .search('全家 滨河')
        .hits.map((h) => [h.item.id, h.match]),
    ).toEqual([['e', 'address']])
    expect(index().search('长者 食堂').hits[0]).toMatchObject({ match: 'exact', item: { id: 'b' } })
    expect(index().search('吉祥 托育').total).toBe(0)
  })

  it('orders equal matches nearer first when given a point, else shorter name first', () => {
    const rows: Row[] = [
      { id: 'far', name: '社区食堂', lon: 121.6, lat: 31.04 },
      { id: 'near', name: '社区食堂二店', lon: 121.431, lat: 31.04 },
      { id: 'mid', name: '社区食堂三', lon: 121.45, lat: 31.04 },
      { id: 'none', name: '社区食堂四' },
    ]
    const idx = buildSearchIndex(rows, fields, { simplify })
    const near = idx.search('社区', { near: [121.43, 31.04] }).hits
    expect(near.map((h) => h.item.id)).toEqual(['near', 'mid', 'far', 'none'])
    expect(near[0]!.distance_m).toBeGreaterThan(90)
    expect(near[0]!.distance_m).toBeLessThan(100)
    expect(near[3]!.distance_m).toBeUndefined()
    expect(idx.search('社区').hits.map((h) => h.item.id)).toEqual(['far', 'mid', 'none', 'near'])
  })

  it('applies limit, filter and an empty query', () => {
    expect(index().search('食堂', { limit: 2 })).toMatchObject({ total: 5 })
    expect(index().search('食堂', { limit: 2 }).hits).toHaveLength(2)
    expect(
      index()
        .search('食堂', { filter: (r) => r.id !== 'b' })
        .hits.map((h) => h.item.id),
    ).toEqual(['c', 'a', 'g', 'h'])
    expect(index().search('  ')).toEqual({ hits: [], total: 0 })
    expect(index().search('zzz')).toEqual({ hits: [], total: 0 })
    expect(buildSearchIndex([], fields).search('a')).toEqual({ hits: [], total: 0 })
  })

  it('matches the same items as a plain scan of folded fields (property)', () => {
    const alphabet = fc.constantFrom('长', '長', '者', '食', '堂', '路', 'A', 'a', 'Ａ', ' ')
    const text = fc.array(alphabet, { maxLength: 8 }).map((cs) => cs.join(''))
    fc.assert(
      fc.property(
        fc.array(fc.record({ name: text, address: text, community: text }), { maxLength: 40 }),
        fc.array(alphabet, { minLength: 1, maxLength: 3 }).map((cs) => cs.join('')),
        (rows, query) => {
          const items = rows.map((r, i) => ({ id: String(i), ...r }))
          const idx = buildSearchIndex(items, fields, { simplify })
          const fold = idx.normalize
          // Every space-separated part somewhere in the item's folded fields.
          const parts = query
            .split(/\s+/)
            .map(fold)
            .filter((t) => t.length > 0)
          const want = parts.length
            ? items.filter((r) =>
                parts.every((t) =>
                  [r.name, r.address, r.community].some((f) => fold(f).includes(t)),
                ),
              )
            : []
          const got = idx.search(query, { limit: 1000 })
          expect(got.total).toBe(want.length)
          expect(got.hits.map((h) => h.item.id).sort()).toEqual(want.map((r) => r.id).sort())
        },
      ),
    )
  })
})

describe('smallest', () => {
  it('equals sorting and slicing (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 300 }),
        fc.integer({ min: 0, max: 30 }),
        (xs, k) => {
          const cmp = (a: number, b: number): number => xs[a]! - xs[b]! || a - b
          const want = xs
            .map((_, i) => i)
            .sort(cmp)
            .slice(0, k)
          expect(smallest(xs.length, k, cmp)).toEqual(want)
        },
      ),
    )
  })
})
