import { defineConfig } from 'vitest/config';

// The smoke bench runs every section once, including one AWS CLI waiter run (~20 s by design), the
// install footprint and the pruning comparison: minutes when the rest of the suite shares the 2 cores.
export default defineConfig({ test: { testTimeout: 600_000 } });
