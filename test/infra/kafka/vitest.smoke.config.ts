// Standalone vitest config for the Kafka day-one smoke test (test/integration/kafka-smoke.test.ts)
// against a real broker started by global-setup.ts. From the repo root:
//
//   npx vitest run --config test/infra/kafka/vitest.smoke.config.ts
//
// The main vitest.config.ts is expected to wire global-setup.ts into its "integration" project.
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  root: fileURLToPath(new URL('../../..', import.meta.url)),
  test: {
    pool: 'forks',
    include: ['test/integration/kafka-smoke.test.ts'],
    globalSetup: ['test/infra/kafka/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
  },
})
