import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

const root = fileURLToPath(new URL('./web', import.meta.url))

// Vite's root is web/; env files, the dist folder and the SQL under supabase/ sit one level up.
export default defineConfig({
  root,
  envDir: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  // PGlite ships its own WASM + data files; pre-bundling breaks their URL resolution.
  optimizeDeps: { exclude: ['@electric-sql/pglite'] },
  worker: { format: 'es' },
  server: {
    port: 5173,
    strictPort: true,
    fs: { allow: [fileURLToPath(new URL('.', import.meta.url))] },
  },
  preview: { port: 4173, strictPort: true },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2500,
  },
})
