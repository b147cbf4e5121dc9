import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from '../../scripts/lib/content-security-policy.ts'

const directive = (csp: string, name: string) =>
  csp
    .split('; ')
    .find((d) => d.startsWith(`${name} `))
    ?.split(' ')
    .slice(1) ?? []

describe('contentSecurityPolicy', () => {
  it('allows only the app itself by default, and the WebAssembly PGlite needs', () => {
    const csp = contentSecurityPolicy({})
    expect(directive(csp, 'default-src')).toEqual(["'self'"])
    expect(directive(csp, 'script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"])
    expect(csp).not.toContain("'unsafe-eval'")
    expect(csp).not.toMatch(/https?:/)
    expect(directive(csp, 'object-src')).toEqual(["'none'"])
  })
  it('adds the configured Supabase project (https and wss) and basemap hosts', () => {
    const csp = contentSecurityPolicy({
      VITE_SUPABASE_URL: 'https://abc.supabase.co',
      VITE_BASEMAP_TILES: 'https://tiles.example.org/{z}/{x}/{y}.png',
      VITE_TIANDITU_KEY: 'k',
    })
    expect(directive(csp, 'connect-src')).toEqual(
      expect.arrayContaining([
        'https://abc.supabase.co',
        'wss://abc.supabase.co',
        'https://tiles.example.org',
        'https://*.tianditu.gov.cn',
      ]),
    )
    expect(directive(csp, 'img-src')).toContain('https://tiles.example.org')
    expect(directive(csp, 'script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"])
  })
  it('ignores values that are not http(s) URLs', () => {
    const csp = contentSecurityPolicy({ VITE_SUPABASE_URL: 'javascript:alert(1)' })
    expect(csp).not.toContain('javascript')
  })
})
