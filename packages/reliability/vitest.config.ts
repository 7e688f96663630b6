import { defineConfig } from 'vitest/config';

// The tests run the CLI and the generated scripts as processes, against local engines behind a
// fault-injecting proxy; the global setup writes docs/reliability.md from the figures they record.
export default defineConfig({ test: { testTimeout: 300_000, hookTimeout: 60_000, globalSetup: ['./src/report/global-setup.ts'] } });
