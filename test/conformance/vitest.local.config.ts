import { defineConfig } from 'vitest/config'

// Runs the Falco conformance suite on its own until test/conformance/** is part of
// the "service" project in vitest.config.ts: npx vitest run -c test/conformance/vitest.local.config.ts
// Same source resolution and pool as vitest.config.ts (chDB binds one data directory per process).
const resolve = { conditions: ['vigil-source'] }

export default defineConfig({
  resolve,
  ssr: { resolve: { conditions: ['vigil-source'], externalConditions: ['vigil-source'] } },
  test: {
    pool: 'forks',
    include: ['test/conformance/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
