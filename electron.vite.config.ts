import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import rendererConfig from './renderer/vite.config'

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // the engine worker is its own entry: host.ts loads out/main/worker.js beside index.js
      rollupOptions: { input: { index: resolve(__dirname, 'electron/main/index.ts'), worker: resolve(__dirname, 'electron/main/engine/worker.ts') }, external: ['better-sqlite3', 'electron'] },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload must be CommonJS.
      rollupOptions: { input: { index: resolve(__dirname, 'electron/preload/index.ts') }, output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: rendererConfig,
})
