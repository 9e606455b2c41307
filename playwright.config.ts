import { existsSync } from 'node:fs'
import { defineConfig, devices } from '@playwright/test'

/** The system Chromium when present (env var, then Debian's), else Playwright's own build. */
function getChromiumPath(): string | undefined {
  const fromEnv = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE
  if (fromEnv) {
    if (!existsSync(fromEnv)) {
      throw new Error(`PLAYWRIGHT_CHROMIUM_EXECUTABLE=[${fromEnv}] does not exist`)
    }
    return fromEnv
  }
  return ['/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
    (p) => existsSync(p),
  )
}

const useDev = process.env.E2E_SERVER === 'dev'
const port = useDev ? 5173 : 4173

export default defineConfig({
  testDir: 'e2e',
  // e2e/perf holds benchmarks and their vitest unit tests (*.test.ts), not Playwright specs.
  testMatch: '**/*.spec.ts',
  workers: 1,
  retries: 0,
  timeout: 60_000,
  outputDir: 'test-results',
  reporter: process.env.CI ? 'list' : 'list',
  use: {
    ...devices['Desktop Chrome'],
    viewport: { width: 1280, height: 800 },
    baseURL: `http://127.0.0.1:${port}`,
    headless: true,
    launchOptions: { executablePath: getChromiumPath(), args: ['--disable-gpu'] },
  },
  webServer: {
    command: `npx vite ${useDev ? '' : 'preview '}--host 127.0.0.1 --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
})
