import { defineConfig } from 'vitest/config';

// Packing happens once, in the global setup; each test file installs into its own fresh app from the
// registry (a cold npm cache downloads the AWS SDK), so the hooks get minutes, not seconds.
export default defineConfig({ test: { globalSetup: ['src/pack.global-setup.ts'], testTimeout: 180_000, hookTimeout: 420_000 } });
