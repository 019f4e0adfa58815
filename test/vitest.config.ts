import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    root: __dirname + '/..',
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/globalSetup.ts'],
    // generous: e2e tests start real servers and a browser, and CI machines are shared
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // e2e files start their own server and browser; keep them off the unit workers' toes
    fileParallelism: true,
    pool: 'forks',
  },
})
