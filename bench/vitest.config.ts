import { defineConfig } from 'vitest/config';

// The smoke bench runs every section once, including one AWS CLI waiter run (~20 s by design).
export default defineConfig({ test: { testTimeout: 240_000 } });
