import { describe, expect, it } from 'vitest'
import en from '../i18n/en.json'
import zh from '../i18n/zh-CN.json'
import { startupStep } from './startup-screens.tsx'

describe('startupStep', () => {
  it('names what the database is doing, never the file', () => {
    expect(startupStep('migrations/20261122000300_create_categories.sql')).toBe('migration')
    expect(startupStep('compat/00_roles.sql')).toBe('compat')
    expect(startupStep('seed.sql')).toBe('seed')
    expect(startupStep('step:download')).toBe('download')
    expect(startupStep('step:open')).toBe('open')
    expect(startupStep('step:upgrade')).toBe('upgrade')
    expect(startupStep('')).toBeNull()
  })

  it('has words for every step in both languages', () => {
    const steps = ['download', 'open', 'upgrade', 'compat', 'migration', 'seed'] as const
    for (const messages of [zh, en]) {
      const texts = (messages as { startup: { steps: Record<string, string> } }).startup.steps
      for (const step of steps) expect(texts[step]?.trim()).toBeTruthy()
    }
    // The Chinese texts are Chinese, not the file names.
    for (const text of Object.values(zh.startup.steps)) expect(text).toMatch(/[\u4e00-\u9fff]/)
  })
})
