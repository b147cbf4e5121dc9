import { describe, expect, it } from 'vitest'
import en from './en.json'
import zhCN from './zh-CN.json'

type Tree = { [key: string]: string | Tree }

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') out.set(path, value)
    else for (const [k, v] of leaves(value, path)) out.set(k, v)
  }
  return out
}

const placeholders = (s: string): string[] =>
  [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] ?? '').sort()

describe('message files', () => {
  const zh = leaves(zhCN as Tree)
  const enMessages = leaves(en as Tree)

  it('have the same keys in zh-CN and en', () => {
    expect([...enMessages.keys()].sort()).toEqual([...zh.keys()].sort())
    expect(zh.size).toBeGreaterThan(50)
  })

  it('have no empty values', () => {
    for (const [lang, messages] of [
      ['zh-CN', zh],
      ['en', enMessages],
    ] as const) {
      const empty = [...messages].filter(([, v]) => v.trim() === '').map(([k]) => `${lang}:${k}`)
      expect(empty).toEqual([])
    }
  })

  it('use the same interpolation placeholders in both languages', () => {
    const mismatched = [...zh].filter(
      ([key, value]) =>
        placeholders(value).join() !== placeholders(enMessages.get(key) ?? '').join(),
    )
    expect(mismatched.map(([k]) => k)).toEqual([])
  })

  it('are Chinese in zh-CN: every zh-CN message with words in it has CJK text', () => {
    const notChinese = [...zh]
      .filter(([, v]) => /\p{L}/u.test(v.replace(/\{\{\s*\w+\s*\}\}/g, '')))
      .filter(([, v]) => !/[\u4e00-\u9fff]/.test(v))
      .map(([k]) => k)
    expect(notChinese).toEqual([])
  })
})

// Every message the UI asks for by a literal key exists in both files; a key built from a
// template (`status.${status}`) needs its fixed prefix to exist as a group.
describe('keys used by the UI', () => {
  const zh = leaves(zhCN as Tree)
  const enMessages = leaves(en as Tree)
  const sources = import.meta.glob<string>(
    ['../**/*.tsx', '../**/*.ts', '!../**/*.test.ts', '!../core/**'],
    {
      query: '?raw',
      import: 'default',
      eager: true,
    },
  )
  const literal = new Set<string>()
  const prefixes = new Set<string>()
  for (const text of Object.values(sources)) {
    for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) literal.add(m[1]!)
    for (const m of text.matchAll(/\bt\(\s*`([a-zA-Z0-9_.]+)\$\{/g)) prefixes.add(m[1]!)
  }

  it('finds the keys in the sources', () => {
    expect(literal.size).toBeGreaterThan(100)
  })

  it('has every literal key in zh-CN and en', () => {
    const missing = [...literal].filter((k) => !zh.has(k) || !enMessages.has(k))
    expect(missing).toEqual([])
  })

  it('has a group for every key built from a template', () => {
    const groups = (m: Map<string, string>) => [...m.keys()]
    const missing = [...prefixes].filter(
      (p) =>
        !groups(zh).some((k) => k.startsWith(p)) ||
        !groups(enMessages).some((k) => k.startsWith(p)),
    )
    expect(missing).toEqual([])
  })
})
