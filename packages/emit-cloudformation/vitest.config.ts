import { defineConfig } from 'vitest/config';

// cfn-lint starts a Python interpreter and loads the resource schemas: seconds on a busy machine.
export default defineConfig({ test: { testTimeout: 300_000, hookTimeout: 90_000 } });
