import { defineConfig } from 'vitest/config';

// Each path runs the real CLI, bash scripts and the AWS CLI many times; DynamoDB Local starts a JVM.
export default defineConfig({ test: { testTimeout: 300_000, hookTimeout: 120_000 } });
