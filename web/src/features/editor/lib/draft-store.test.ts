import { describe, expect, it } from 'vitest'
import { createDraftStore, draftKey } from './draft-store.ts'
import type { Draft, DraftStorage } from './draft-store.ts'

/** A Web Storage over a Map: the interface localStorage implements. */
function memoryStorage(): DraftStorage & { map: Map<string, string> } {
  const map = new Map<string, string>()
  return {
    map,
    get length() {
      return map.size
    },
    key: (i) => [...map.keys()][i] ?? null,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, String(v)),
    removeItem: (k) => void map.delete(k),
  }
}

const values = {
  name: '运河社区助餐点',
  category: 'canteen',
  status: 'open' as const,
  address: '',
  lon: 121.427,
  lat: 31.058,
  capacity: null,
  hours: '11:00-13:00',
  phone: '',
  operator: '',
  inclusive: false,
  published: true,
}

const draft = (id: string, savedAt: string): Draft => ({
  facilityId: id,
  baseVersion: 3,
  base: values,
  values: { ...values, phone: '021-5555' },
  reason: '电话核实',
  savedAt,
})

describe('draft persistence', () => {
  it('keeps a draft per facility across a new store on the same storage (a reload)', () => {
    const storage = memoryStorage()
    createDraftStore(storage).save(draft('a', '2026-12-01T08:00:00Z'))
    createDraftStore(storage).save(draft('new', '2026-12-01T09:00:00Z'))
    const reopened = createDraftStore(storage)
    expect(reopened.load('a')).toEqual(draft('a', '2026-12-01T08:00:00Z'))
    expect(reopened.list().map((d) => d.facilityId)).toEqual(['new', 'a'])
  })

  it('clears only the saved facility’s draft', () => {
    const storage = memoryStorage()
    const store = createDraftStore(storage)
    store.save(draft('a', '2026-12-01T08:00:00Z'))
    store.save(draft('b', '2026-12-01T08:00:00Z'))
    store.clear('a')
    expect(store.load('a')).toBeNull()
    expect(store.load('b')).not.toBeNull()
  })

  it('ignores a stored value it cannot read instead of failing', () => {
    const storage = memoryStorage()
    storage.setItem(draftKey('x'), '{not json')
    storage.setItem(draftKey('y'), JSON.stringify({ facilityId: 'y', values: { name: 1 } }))
    storage.setItem('other.key', 'kept')
    const store = createDraftStore(storage)
    expect(store.load('x')).toBeNull()
    expect(store.load('y')).toBeNull()
    expect(store.list()).toEqual([])
    expect(storage.getItem('other.key')).toBe('kept')
  })

  it('survives a full storage without throwing', () => {
    const storage = memoryStorage()
    storage.setItem = () => {
      throw new DOMException('full', 'QuotaExceededError')
    }
    expect(createDraftStore(storage).save(draft('a', 'x'))).toBe(false)
  })

  it('refuses a draft whose values are not of the right kind, keeping the last good one', () => {
    const storage = memoryStorage()
    const store = createDraftStore(storage)
    expect(store.save(draft('a', '2026-12-01T08:00:00Z'))).toBe(true)
    const broken = { ...draft('a', '2026-12-01T08:01:00Z'), values: { ...values, lon: 'x' } }
    expect(store.save(broken as unknown as Draft)).toBe(false)
    expect(store.load('a')?.savedAt).toBe('2026-12-01T08:00:00Z')
  })
})
