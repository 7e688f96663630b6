import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Type-level tests (*.test-d.ts) run through tsc, so a type drift fails `vitest run` like any test.
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
});
