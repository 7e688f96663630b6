import { defineConfig } from 'vitest/config';

// cfn-lint starts a Python interpreter and loads the resource schemas: seconds on a busy machine.
export default defineConfig({ test: { testTimeout: 120_000, hookTimeout: 30_000 } });
