import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

/** What must never be in a production build, with why. */
const FORBIDDEN: { pattern: RegExp; why: string }[] = [
  { pattern: /__lifecircle/, why: 'the page test hook (only in e2e builds)' },
  { pattern: /eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\./, why: 'a JWT (an API key or token)' },
  { pattern: /postgres(?:ql)?:\/\/[^\s'"`]+@/, why: 'a database URL with credentials' },
  {
    pattern: /service_role_key|SUPABASE_SERVICE_ROLE|JWT_SECRET/i,
    why: 'a server-side secret name',
  },
  { pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/, why: 'a private key' },
]

export interface BuildFinding {
  file: string
  why: string
  excerpt: string
}

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) yield* files(path)
    else yield path
  }
}

/**
 * Scans a build folder's text files (JS, HTML, CSS, JSON, maps) for secrets and the test hook,
 * and checks index.html carries a Content-Security-Policy without inline script.
 */
export function checkBuild(dir: string): BuildFinding[] {
  const findings: BuildFinding[] = []
  for (const path of files(dir)) {
    if (!/\.(m?js|html|css|json|map|txt|svg)$/.test(path)) continue
    const text = readFileSync(path, 'utf8')
    for (const { pattern, why } of FORBIDDEN) {
      const m = pattern.exec(text)
      if (m)
        findings.push({
          file: relative(dir, path),
          why,
          excerpt: text.slice(Math.max(0, m.index - 30), m.index + 40),
        })
    }
  }
  const html = readFileSync(join(dir, 'index.html'), 'utf8')
  if (!/http-equiv="Content-Security-Policy"/.test(html))
    findings.push({ file: 'index.html', why: 'no Content-Security-Policy meta tag', excerpt: '' })
  if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html))
    findings.push({ file: 'index.html', why: 'an inline script', excerpt: '' })
  return findings
}
