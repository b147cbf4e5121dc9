import { describe, expect, it } from 'vitest'
import { isDemoShown } from './demo-shown.ts'

describe('isDemoShown', () => {
  it('labels the local database, which always holds the demo city', () => {
    expect(isDemoShown('local', true, [])).toBe(true)
  })

  it('labels a hosted database only when its communities come from the demo generator', () => {
    expect(isDemoShown('supabase', true, [{ source: '示范数据 / generated demo data' }])).toBe(true)
    expect(isDemoShown('supabase', true, [{ source: '民政局 2024 年统计' }])).toBe(false)
    expect(isDemoShown('supabase', true, undefined)).toBe(false)
  })

  it('never labels when no demo city is bundled', () => {
    expect(isDemoShown('local', false, [])).toBe(false)
  })
})
