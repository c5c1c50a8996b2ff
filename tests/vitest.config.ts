import path from 'node:path'
import url from 'node:url'
import { defineConfig } from 'vitest/config'

const root = path.resolve(path.dirname(url.fileURLToPath(import.meta.url)), '..')
const shared = {
  root,
  resolve: { alias: { '~': path.join(root, 'app') } },
}

// PGlite costs ~0.7 GB per database in memory, so few workers; each test file gets its own database.
export default defineConfig({
  ...shared,
  test: {
    pool: 'forks',
    maxWorkers: 2,
    // Timeouts are set per project: projects do not inherit them from here.
    projects: [
      {
        ...shared,
        test: {
          name: 'app',
          environment: 'node',
          testTimeout: 20_000,
          hookTimeout: 60_000,
          include: ['tests/{unit,models,routes,scripts,structural}/**/*.test.ts'],
          globalSetup: ['tests/setup/global-setup.ts'],
          setupFiles: ['tests/setup/fail-on-console-error.ts'],
        },
      },
      {
        ...shared,
        test: {
          name: 'browser',
          environment: 'node',
          include: ['tests/browser/**/*.test.ts'],
          globalSetup: ['tests/setup/browser-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
