/**
 * Checks a production build (default dist/) for what must never ship: keys, database URLs,
 * JWT secrets, the page test hook, inline scripts, a missing Content-Security-Policy.
 *   npm run build && npm run check:build
 */
import { checkBuild } from './lib/check-build.ts'

const dir = process.argv[2] ?? 'dist'
const findings = checkBuild(dir)
for (const f of findings) console.error(`${f.file}: ${f.why}${f.excerpt ? `: …${f.excerpt}…` : ''}`)
if (findings.length > 0) process.exit(1)
console.log(`${dir}: no secrets, no test hook, CSP present`)
