import { describe, expect, it } from 'vitest'
import {
  checkMappingColumns,
  parseMapping,
  parseMappingJson,
  readSource,
  suggestMapping,
} from './field-mapping.ts'

describe('suggestMapping', () => {
  it('maps Simplified, Traditional and English headers', () => {
    expect(
      suggestMapping([
        '名称',
        '地址',
        '经度',
        '纬度',
        '类型',
        '电话',
        '营业时间',
        '床位',
        '运营方',
        '普惠',
        '状态',
      ]),
    ).toEqual({
      name: '名称',
      address: '地址',
      lon: '经度',
      lat: '纬度',
      category: '类型',
      phone: '电话',
      hours: '营业时间',
      capacity: '床位',
      operator: '运营方',
      inclusive: '普惠',
      status: '状态',
    })
    expect(
      suggestMapping([
        '序號',
        '機構名稱',
        '地址',
        '經度',
        '緯度',
        '類型',
        '電話',
        '營業時間',
        '托位',
      ]),
    ).toEqual({
      name: '機構名稱',
      address: '地址',
      lon: '經度',
      lat: '緯度',
      category: '類型',
      phone: '電話',
      hours: '營業時間',
      capacity: '托位',
    })
    expect(
      suggestMapping([
        'Name',
        'Address',
        'Longitude',
        'Latitude',
        'Category',
        'Tel',
        'opening_hours',
        'Capacity',
        'Operator',
        'Status',
      ]),
    ).toMatchObject({
      name: 'Name',
      lon: 'Longitude',
      lat: 'Latitude',
      category: 'Category',
      phone: 'Tel',
      hours: 'opening_hours',
    })
    expect(suggestMapping(['name', 'X', 'Y', 'lng', 'lat'])).toMatchObject({
      lon: 'lng',
      lat: 'lat',
    })
    expect(suggestMapping(['name', 'X', 'Y'])).toMatchObject({ lon: 'X', lat: 'Y' })
  })

  it('takes longer headers that contain a field word, whole matches first', () => {
    expect(suggestMapping(['據點名稱', '據點地址', '聯絡電話', 'lat', 'lon'])).toEqual({
      name: '據點名稱',
      address: '據點地址',
      phone: '聯絡電話',
      lat: 'lat',
      lon: 'lon',
    })
    expect(suggestMapping(['公司名稱', '名稱'])).toEqual({ name: '名稱' })
    // A header is used once: `分公司狀態` is status, never also something else.
    expect(Object.values(suggestMapping(['名稱', '分公司狀態']))).toEqual(['名稱', '分公司狀態'])
  })
})

describe('parseMapping', () => {
  it('accepts columns, lists, joins and constants', () => {
    const m = {
      name: { join: ['公司名稱', '分公司名稱'] },
      phone: ['市話', '行動電話'],
      category: { value: 'store' },
      lon: 'x',
    }
    expect(parseMapping(m)).toEqual({ ok: true, mapping: m })
  })

  it('names unknown fields and bad shapes', () => {
    const r = parseMapping({ title: '名稱', lat: 5 })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.issues.map((i) => i.message).join('\n')).toMatch(/unknown field "title"/)
      expect(r.issues.some((i) => i.field === 'lat')).toBe(true)
    }
    expect(parseMappingJson('[1,').ok).toBe(false)
    expect(parseMappingJson('\ufeff{"name":"名稱"}')).toEqual({
      ok: true,
      mapping: { name: '名稱' },
    })
  })

  it('reports mapped columns the file does not have', () => {
    expect(
      checkMappingColumns({ name: '名稱', phone: ['市話', '手機'] }, ['名稱', '市話']),
    ).toMatchObject([{ field: 'phone', code: 'mapping_unknown_column' }])
  })
})

describe('readSource', () => {
  const cells = { a: ' ', b: '乙', c: '丙', d: 0 }
  it('reads the first non-empty column, joins, constants', () => {
    expect(readSource(cells, 'a')).toBeUndefined()
    expect(readSource(cells, ['a', 'b'])).toBe('乙')
    expect(readSource(cells, { join: ['b', 'a', 'c'], separator: '·' })).toBe('乙·丙')
    expect(readSource(cells, { value: 'store' })).toBe('store')
    expect(readSource(cells, 'd')).toBe(0)
  })
})
