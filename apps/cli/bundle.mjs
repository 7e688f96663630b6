// Bundles the CLI into one CommonJS file, dist/ddb-migrate.cjs, which is what `bin` runs.
//
// Why: a `generate` is mostly Node start-up plus module loading. Unbundled, the CLI is ~80 ES modules
// and ~30 CommonJS files across nine packages, and resolving, reading and linking them took longer
// than the work itself (BENCHMARKS.md). One CommonJS file is read and compiled once. CommonJS rather
// than ESM because an ESM bundle hoists the external imports of lazily loaded code to the top, which
// would load the AWS SDK on every `generate`; in CommonJS they stay `require()` calls that run only
// when a command reaches them.
//
// External (left to `require()` at run time, so each must be a dependency of this package): the AWS
// SDK and the embedded engine (heavy, needed only by plan/apply/verify/local), and the YAML parser and
// typo matcher, which core loads synchronously with `require` only when a schema file is read.
import { chmodSync, copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

// Nothing but the bundle in dist/, so no stale unbundled entry point can be run by mistake.
rmSync('dist', { recursive: true, force: true });
const { metafile } = await build({
  entryPoints: ['src/bin.ts'],
  outfile: 'dist/ddb-migrate.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20.19',
  external: ['@aws-sdk/client-dynamodb', 'dynalite', 'yaml', 'fastest-levenshtein'],
  // The sources are ES modules that use import.meta.url (createRequire, the package.json version);
  // in a CommonJS file it becomes the bundle's own URL, so relative paths resolve from dist/.
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: "#!/usr/bin/env node\nconst importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  metafile: true,
  logLevel: 'warning',
});
// What went into the bundle, for the start-up test (no template or schema compiler) and for size work.
writeFileSync('dist/ddb-migrate.meta.json', JSON.stringify(metafile));
chmodSync('dist/ddb-migrate.cjs', 0o755);
// The editor JSON Schema ships at the package root, so `init` can point at
// ./node_modules/ddb-migrations/schema.json in a user's app (core's copy is the source).
copyFileSync('../../packages/core/schema.json', 'schema.json');
