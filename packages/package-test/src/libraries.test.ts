/**
 * Every library tarball, installed with npm into a fresh consumer (the packages from disk, their
 * dependencies from the registry): importable as ESM and with require(), typed for TypeScript's
 * `nodenext` and `bundler` resolution, and publishable without a warning.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION, createDynamoDbClient, planTable, startLocalEngine } from '@ddb-migrations/apply';
import { canonicalSchema, toSchemaYaml } from '@ddb-migrations/core';
import { NPM_INSTALL, REPO_ROOT, freshApp, mustRun, run, userEnvironment } from './fresh-app.js';

const tarballs = inject('tarballs');
const libraries = Object.keys(tarballs).filter((name) => name.startsWith('@ddb-migrations/')).sort();

/** One export per package that proves it is the real module, and a call that proves it works. */
const PROBES: Record<string, string> = {
  '@ddb-migrations/core': 'm.loadSchema(m.toSchemaYaml(m.canonicalSchema), "x.yaml").tables[0].name',
  '@ddb-migrations/apply': 'm.OPERATOR_ACTIONS.write.length + " write actions"',
  '@ddb-migrations/emit-bash': 'm.emitBash(core.canonicalSchema).files.map((f) => f.path).join()',
  '@ddb-migrations/emit-powershell': 'm.emitPowerShell(core.canonicalSchema).files.map((f) => f.path).join()',
  '@ddb-migrations/emit-cloudformation': 'm.emitCloudFormation(core.canonicalSchema).files.map((f) => f.path).join()',
  '@ddb-migrations/emit-terraform': 'm.emitTerraform(core.canonicalSchema).files.map((f) => f.path).join()',
  '@ddb-migrations/emit-readme': 'm.emitReadme(core.canonicalSchema).files.map((f) => f.path).join()',
  '@ddb-migrations/emit-iam-policy': 'm.emitIamPolicy(core.canonicalSchema).files.map((f) => f.path).join()',
  '@ddb-migrations/local-engine': 'typeof m.startLocalEngine + " " + m.LOCAL_REGION',
  '@ddb-migrations/sessions': 'm.isExpiredOnlineSession({ id: { S: "x" }, isOnline: { BOOL: true }, expires: { S: "2020-01-01T00:00:00.000Z" } }, new Date().toISOString())',
};

const CONSUMER = `import { canonicalSchema, loadSchema, toSchemaYaml, type Schema, type EmitResult } from '@ddb-migrations/core';
import { OPERATOR_ACTIONS, createDynamoDbClient, planTable, type Plan } from '@ddb-migrations/apply';
import { emitBash } from '@ddb-migrations/emit-bash';
import { emitCloudFormation, toCloudFormationTemplate } from '@ddb-migrations/emit-cloudformation';
import { emitIamPolicy } from '@ddb-migrations/emit-iam-policy';
import { emitPowerShell } from '@ddb-migrations/emit-powershell';
import { emitReadme } from '@ddb-migrations/emit-readme';
import { emitTerraform } from '@ddb-migrations/emit-terraform';
import { pruneExpiredSessions, type PruneResult } from '@ddb-migrations/sessions';

const schema: Schema = loadSchema(toSchemaYaml(canonicalSchema), 'ddb-migrations.yaml');
const results: EmitResult[] = [emitBash, emitPowerShell, emitCloudFormation, emitTerraform, emitReadme, emitIamPolicy].map((emit) => emit(schema));
export const paths: string[] = results.flatMap((result) => result.files.map((file) => file.path));
export const description: string | undefined = toCloudFormationTemplate(schema).Description;
export const actions: readonly string[] = [...OPERATOR_ACTIONS.read, ...OPERATOR_ACTIONS.write];
export const plan: Promise<Plan> = planTable(createDynamoDbClient({ region: 'us-east-1' }), schema.tables[0]!);
export const pruned: () => Promise<PruneResult> = () => pruneExpiredSessions({ client: createDynamoDbClient({ region: 'us-east-1' }), dryRun: true });
// The types are real, not any: a table without a partition key does not type-check.
// @ts-expect-error partitionKey is required
export const broken: Schema = { tables: [{ ...schema.tables[0]!, partitionKey: undefined }] };
`;

let app: string;
beforeAll(async () => {
  app = freshApp('ddb-library-consumer', {
    name: 'library-consumer',
    dependencies: Object.fromEntries(libraries.map((name) => [name, `file:${tarballs[name]}`])),
    devDependencies: { '@types/node': '^20.19.0' },
  });
  await mustRun('npm', NPM_INSTALL, { cwd: app });
});
afterAll(() => rmSync(app, { recursive: true, force: true }));

describe('the library tarballs in a fresh consumer', () => {
  it('covers every public library package', () => {
    expect(libraries).toEqual(Object.keys(PROBES).sort());
  });

  it.each(['import', 'require'] as const)('each loads with %s and works', async (how) => {
    const load = (name: string) => (how === 'import' ? `await import(${JSON.stringify(name)})` : `require(${JSON.stringify(name)})`);
    const script = [
      `const core = ${load('@ddb-migrations/core')};`,
      'const out = {};',
      ...libraries.map((name) => `{ const m = ${load(name)}; out[${JSON.stringify(name)}] = String(${PROBES[name]}); }`),
      'console.log(JSON.stringify(out));',
    ].join('\n');
    const wrapped = how === 'import' ? script : `(async () => {\n${script}\n})().catch((error) => { console.error(error); process.exit(1); });`;
    const result = await run('node', how === 'import' ? ['--input-type=module', '-e', wrapped] : ['-e', wrapped], { cwd: app });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      '@ddb-migrations/core': 'shopify_sessions',
      '@ddb-migrations/apply': '9 write actions',
      '@ddb-migrations/emit-bash': 'create-sessions-table.sh',
      '@ddb-migrations/emit-powershell': 'create-sessions-table.ps1',
      '@ddb-migrations/emit-cloudformation': 'cloudformation-template.json',
      '@ddb-migrations/emit-terraform': 'main.tf',
      '@ddb-migrations/emit-readme': 'README.md',
      '@ddb-migrations/emit-iam-policy': 'iam-policy.json,iam-policy-ddb-migrate.json',
      '@ddb-migrations/local-engine': 'function us-east-1',
      '@ddb-migrations/sessions': 'true',
    });
  });

  it('ships the JSON Schema as @ddb-migrations/core/schema.json', async () => {
    const result = await run('node', ['-p', 'require(require.resolve("@ddb-migrations/core/schema.json")).title'], { cwd: app });
    expect(result).toMatchObject({ code: 0, stdout: 'ddb-migrations.yaml\n' });
  });

  it('type-checks a consumer with tsc, module nodenext and bundler (run at once)', async () => {
    writeFileSync(join(app, 'consumer.ts'), CONSUMER);
    const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const resolutions = { nodenext: { module: 'nodenext', moduleResolution: 'nodenext' }, bundler: { module: 'esnext', moduleResolution: 'bundler' } };
    const results = await Promise.all(
      Object.entries(resolutions).map(async ([kind, resolution]) => {
        const config = `tsconfig.${kind}.json`;
        // skipLibCheck off: our published .d.ts files are checked too, not only the consumer.
        writeFileSync(join(app, config), JSON.stringify({ compilerOptions: { ...resolution, target: 'es2022', strict: true, noEmit: true, types: ['node'], skipLibCheck: false }, files: ['consumer.ts'] }));
        const result = await run('node', [tsc, '-p', config], { cwd: app });
        return { kind, code: result.code, output: `${result.stdout}${result.stderr}` };
      }),
    );
    expect(results).toEqual([
      { kind: 'nodenext', code: 0, output: '' },
      { kind: 'bundler', code: 0, output: '' },
    ]);
  });
});

/** The ```js examples of a package's README, as a user would paste them. */
const readmeExamples = (name: string): string[] =>
  [...readFileSync(join(REPO_ROOT, 'packages', name.replace('@ddb-migrations/', ''), 'README.md'), 'utf8').matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1]!);

describe('the README examples of the library packages', () => {
  it('run as written in the fresh consumer (the AWS-bound one against a local engine, through the standard variables)', async () => {
    writeFileSync(join(app, 'ddb-migrations.yaml'), toSchemaYaml(canonicalSchema));
    const engine = await startLocalEngine({ inMemory: true, port: 0, createTableMs: 0 });
    try {
      const env = userEnvironment({ AWS_ENDPOINT_URL_DYNAMODB: engine.endpoint, AWS_REGION: LOCAL_REGION, AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey });
      const runExamples = (names: string[]) =>
        Promise.all(
          names.flatMap((name) =>
            readmeExamples(name).map(async (example, index) => {
              const file = `readme-${name.replace('@ddb-migrations/', '')}-${index}.mjs`;
              writeFileSync(join(app, file), example);
              const result = await run('node', [file], { cwd: app, env });
              return { name, code: result.code, stderr: result.code === 0 ? '' : result.stderr, stdout: result.stdout };
            }),
          ),
        );
      // apply's example creates the table first; the others (sessions' prunes it) run on it at once.
      const first = await runExamples(['@ddb-migrations/apply']);
      const results = [...first, ...(await runExamples(libraries.filter((name) => name !== '@ddb-migrations/apply')))];
      expect(results.map(({ name, code, stderr }) => ({ name, code, stderr }))).toEqual(results.map(({ name }) => ({ name, code: 0, stderr: '' })));
      // Every library documents itself with at least one example, and the examples did their work.
      expect(new Set(results.map((result) => result.name))).toEqual(new Set(libraries));
      expect(results.find((result) => result.name === '@ddb-migrations/emit-bash')!.stdout).toMatch(/^create-sessions-table\.sh \d+\n$/);
      expect(results.find((result) => result.name === '@ddb-migrations/local-engine')!.stdout).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
      const client = createDynamoDbClient({ endpoint: engine.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
      expect((await planTable(client, canonicalSchema.tables[0]!)).changes).toEqual([]); // apply's example created the table
    } finally {
      await engine.close();
    }
  });
});

describe('every public tarball', () => {
  it('passes npm publish --dry-run without a warning, has its README and the LICENSE, and no workspace: range', async () => {
    // A placeholder token: a dry run sends nothing, but without one npm warns that it needs a login.
    const results = await Promise.all(
      Object.entries(tarballs).map(async ([name, tarball]) => {
        const publish = await run('npm', ['publish', '--dry-run', tarball, '--//registry.npmjs.org/:_authToken=dry-run-placeholder'], { cwd: app, env: userEnvironment() });
        const manifest = (await mustRun('tar', ['-xzOf', tarball, 'package/package.json'], { cwd: app })).stdout;
        const files = (await mustRun('tar', ['-tzf', tarball], { cwd: app })).stdout.split('\n');
        return {
          name,
          code: publish.code,
          warnings: `${publish.stdout}${publish.stderr}`.split('\n').filter((line) => /\bwarn/i.test(line)),
          workspaceRanges: manifest.includes('workspace:'),
          readmeAndLicense: files.includes('package/README.md') && files.includes('package/LICENSE'),
        };
      }),
    );
    expect(results).toEqual(Object.keys(tarballs).map((name) => ({ name, code: 0, warnings: [], workspaceRanges: false, readmeAndLicense: true })));
    expect(results.map((result) => result.name)).toContain('ddb-migrations');
  });
});
