import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { checkBuild } from '../../scripts/lib/check-build.ts'

const csp = `<meta http-equiv="Content-Security-Policy" content="default-src 'self'">`
let dir = ''
function build(files: Record<string, string>): string {
  dir = mkdtempSync(join(tmpdir(), 'lc-build-'))
  mkdirSync(join(dir, 'assets'))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('checkBuild', () => {
  it('passes a clean build', () => {
    const d = build({
      'index.html': `<html><head>${csp}</head><body><script type="module" src="/assets/a.js"></script></body></html>`,
      'assets/a.js': 'console.log(1)',
    })
    expect(checkBuild(d)).toEqual([])
  })
  it('finds the test hook, a JWT, a database URL, inline script and a missing policy', () => {
    const d = build({
      'index.html': '<html><body><script>alert(1)</script></body></html>',
      'assets/a.js': 'window.__lifecircle = {}',
      'assets/b.js': 'const k = "eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.abc"',
      'assets/c.js': 'const u = "postgres://postgres:secret@db.example.org/postgres"',
    })
    const why = checkBuild(d).map((f) => f.why)
    expect(why).toEqual(
      expect.arrayContaining([
        'the page test hook (only in e2e builds)',
        'a JWT (an API key or token)',
        'a database URL with credentials',
        'no Content-Security-Policy meta tag',
        'an inline script',
      ]),
    )
  })
})
