import { beforeAll, describe, expect, it } from 'vitest'
import { createNormalizer, loadSimplifier, type Simplify } from './normalize-text.ts'

let simplify: Simplify
beforeAll(async () => {
  simplify = await loadSimplifier()
})

describe('createNormalizer', () => {
  it('folds Traditional characters to Simplified, one by one', () => {
    const fold = createNormalizer(simplify)
    expect(fold('長者食堂')).toBe('长者食堂')
    expect(fold('長者食堂')).toBe(fold('长者食堂'))
    expect(fold('臺北市信義區')).toBe('台北市信义区')
    expect(fold('托育點')).toBe('托育点')
    // A fragment folds as it does inside the whole name.
    expect(fold('社區照顧關懷據點')).toContain(fold('關懷據點'))
  })

  it('folds full width to half width and case, and drops spaces and separators', () => {
    const fold = createNormalizer(simplify)
    expect(fold('ＡＢＣ　１２３號')).toBe('abc123号')
    expect(fold('7-ELEVEN 信義門市')).toBe('7eleven信义门市')
    expect(fold('老年食堂·助餐点')).toBe('老年食堂助餐点')
    expect(fold('（東門）店')).toBe('东门店')
    expect(fold('a\u0000b\u0001c')).toBe('abc')
  })

  it('keeps characters outside the tables, including ones beyond the BMP', () => {
    const fold = createNormalizer(simplify)
    expect(fold('𠀀街')).toBe('𠀀街')
    expect(fold('糖?里')).toBe('糖?里')
    expect(createNormalizer()('長者 Ａ')).toBe('長者a')
  })
})
