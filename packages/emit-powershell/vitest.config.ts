import { defineConfig } from 'vitest/config';

// Loading the parsers (wasm) takes a moment on a busy machine.
export default defineConfig({ test: { testTimeout: 120_000, hookTimeout: 30_000 } });
