import { defineConfig } from 'vitest/config';

// Tests wait for tables to become ACTIVE on local engines, and DynamoDB Local starts a JVM.
export default defineConfig({ test: { testTimeout: 60_000, hookTimeout: 60_000 } });
