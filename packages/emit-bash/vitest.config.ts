import { defineConfig } from 'vitest/config';

// Script runs spawn the AWS CLI (about half a second per call) against a local engine.
export default defineConfig({ test: { testTimeout: 240_000, hookTimeout: 60_000 } });
