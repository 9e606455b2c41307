import react from '@vitejs/plugin-react'
import { defineConfig } from 'vitest/config'

// Two projects: the core runs in node (proving it needs no DOM), the shell in jsdom.
export default defineConfig({
  plugins: [react()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'src',
          include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'e2e/perf/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: { name: 'app', include: ['app/**/*.test.{ts,tsx}'], environment: 'jsdom' },
      },
    ],
  },
})
