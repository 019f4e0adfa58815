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
    rollupOptions: { input: resolve(__dirname, 'index.html') },
  },
}

export default rendererConfig
