import { describe, expect, it } from 'vitest'
import { stepName } from './startup-screens.tsx'

describe('stepName', () => {
  it('turns an applied SQL file into words', () => {
    expect(stepName('migrations/20261122000300_create_categories.sql')).toBe('create categories')
    expect(stepName('compat/00_roles.sql')).toBe('roles')
    expect(stepName('seed.sql')).toBe('seed')
    expect(stepName('')).toBe('')
  })
})
