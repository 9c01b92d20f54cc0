import { defineConfig } from 'vitest/config'

// Workspace packages resolve to their TypeScript sources under the
// "vigil-source" condition, so tests need no build of the libraries.
const resolve = { conditions: ['vigil-source'] }

export default defineConfig({
  resolve,
  ssr: { resolve: { conditions: ['vigil-source'], externalConditions: ['vigil-source'] } },
  test: {
    // chDB binds one data directory per process: keep a process per test file.
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'services/*/src/**/*.test.ts', 'bench/src/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'service',
          include: ['packages/*/test/**/*.test.ts', 'services/*/test/**/*.test.ts', 'test/e2e/**/*.test.ts', 'test/repo/**/*.test.ts', 'test/conformance/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        // The console's components, in a DOM without a browser.
        oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
        test: {
          name: 'web',
          include: ['apps/*/src/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
        },
      },
      {
        extends: true,
        test: {
          // The console in Debian's Chromium against a real `vigil start`.
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          // Real Kafka (started once from Maven Central jars) and the Go apiserver client.
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/infra/kafka/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 240_000,
          // The broker and the pipelines under test share two cores: one file at a time.
          fileParallelism: false,
        },
      },
    ],
  },
})
