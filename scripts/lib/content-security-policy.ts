import type { Plugin } from 'vite'

/** What the policy must allow beyond the app's own origin, from the build's configuration. */
export interface CspEnv {
  VITE_SUPABASE_URL?: string | undefined
  VITE_BASEMAP_STYLE_URL?: string | undefined
  VITE_BASEMAP_TILES?: string | undefined
  VITE_TIANDITU_KEY?: string | undefined
}

function origin(url: string | undefined): string | null {
  if (!url?.trim()) return null
  try {
    const u = new URL(url.trim().replace(/\{[^}]+\}/g, '0'))
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.origin : null
  } catch {
    return null
  }
}

/**
 * The production build's Content-Security-Policy: the app's own origin only, plus the hosts
 * the configuration names (the Supabase project, a basemap), and `wasm-unsafe-eval`, which
 * PGlite's WebAssembly needs. No inline script. Maps and workers load from the app's own files.
 * @example contentSecurityPolicy({}) // "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; …"
 */
export function contentSecurityPolicy(env: CspEnv): string {
  const supabase = origin(env.VITE_SUPABASE_URL)
  const basemap = [
    origin(env.VITE_BASEMAP_STYLE_URL),
    ...(env.VITE_BASEMAP_TILES ?? '').split('|').map((t) => origin(t)),
    ...(env.VITE_TIANDITU_KEY?.trim() ? ['https://*.tianditu.gov.cn'] : []),
  ].filter((o): o is string => o !== null)
  const connect = ["'self'", 'data:', 'blob:', ...basemap]
  if (supabase) connect.push(supabase, supabase.replace(/^http/, 'ws'))
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'", "'wasm-unsafe-eval'"],
    'worker-src': ["'self'", 'blob:'],
    'connect-src': connect,
    'img-src': ["'self'", 'data:', 'blob:', ...basemap],
    // MapLibre and React set element styles; no stylesheet comes from elsewhere.
    'style-src': ["'self'", "'unsafe-inline'"],
    'font-src': ["'self'", 'data:'],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
  }
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${[...new Set(values)].join(' ')}`)
    .join('; ')
}

/** Adds the policy as a meta tag to the built index.html (not in `vite` dev, whose client is inline). */
export function contentSecurityPolicyPlugin(env: CspEnv): Plugin {
  return {
    name: 'lifecircle-content-security-policy',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: () => [
        {
          tag: 'meta',
          attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy(env) },
          injectTo: 'head-prepend',
        },
      ],
    },
  }
}
