import { QueryClient } from '@tanstack/react-query'
import { describe, expect, it } from 'vitest'
import { categoryKeys, communityKeys, facilityKeys, keysAffectedBy, sessionKeys } from './keys.ts'

const filters = { bbox: [121.4, 31.2, 121.5, 31.3] as const, categories: null }

describe('query keys', () => {
  it('nest every facility key under facilityKeys.all', () => {
    expect(facilityKeys.list(filters).slice(0, 1)).toEqual([...facilityKeys.all])
    expect(facilityKeys.detail('f1')).toEqual(['facilities', 'detail', 'f1'])
    expect(facilityKeys.list(filters)).toEqual(['facilities', 'list', filters])
  })

  it('keep entities apart', () => {
    const prefixes = [categoryKeys.all, communityKeys.all, facilityKeys.all, sessionKeys.all].map(
      (k) => k[0],
    )
    expect(new Set(prefixes).size).toBe(prefixes.length)
  })

  it('invalidate lists, details and community counts by prefix after a facility change', async () => {
    const qc = new QueryClient()
    qc.setQueryData(facilityKeys.list(filters), [])
    qc.setQueryData(facilityKeys.detail('f1'), {})
    qc.setQueryData(communityKeys.list(), [])
    qc.setQueryData(categoryKeys.list(), [])
    for (const queryKey of keysAffectedBy({ table: 'facilities', kind: 'update', id: 'f1' })) {
      await qc.invalidateQueries({ queryKey })
    }
    const stale = (key: readonly unknown[]) => qc.getQueryState(key)?.isInvalidated
    expect(stale(facilityKeys.list(filters))).toBe(true)
    expect(stale(facilityKeys.detail('f1'))).toBe(true)
    expect(stale(communityKeys.list())).toBe(true)
    expect(stale(categoryKeys.list())).toBe(false)
  })

  it('touch only communities after a community change', () => {
    expect(keysAffectedBy({ table: 'communities', kind: 'update', id: 'c1' })).toEqual([
      communityKeys.all,
    ])
  })
})
