import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import type { UserConfig } from 'vite'

/** Renderer build, shared by electron-vite (desktop) and `npm run build:web` (browser mode). */
const rendererConfig: UserConfig = {
  root: resolve(__dirname),
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(__dirname, '../out/renderer'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    // fonts stay files (never data: URLs), so the CSP can keep font-src to 'self'
    assetsInlineLimit: (file) => (file.endsWith('.woff2') ? false : undefined),
    rollupOptions: { input: resolve(__dirname, 'index.html') },
  },
}

export default rendererConfig
