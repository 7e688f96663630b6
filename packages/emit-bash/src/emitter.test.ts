import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalSchema, type Schema } from '@ddb-migrations/core';
import { findTool, richSchema } from '@ddb-migrations/test-support';
import { emitBash } from './index.js';

const repoArtifact = (name: string) => readFileSync(new URL(`../../../dynamodb-migrations/${name}`, import.meta.url), 'utf8');

function writeScripts(schema: Schema): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'emit-bash-'));
  return emitBash(schema).files.map((file) => {
    const path = join(dir, file.path);
    writeFileSync(path, file.contents, { mode: 0o755 });
    return path;
  });
}

describe('emitBash', () => {
  it('renders the canonical script byte for byte as committed', async () => {
    const [file] = emitBash(canonicalSchema).files;
    expect(file?.path).toBe('create-sessions-table.sh');
    expect(file?.executable).toBe(true);
    await expect(file?.contents).toMatchFileSnapshot('../../../dynamodb-migrations/create-sessions-table.sh');
    expect(file?.contents).toBe(repoArtifact('create-sessions-table.sh'));
  });

  it('renders one script per table of a multi-table schema', async () => {
    const files = emitBash(richSchema()).files;
    expect(files.map((file) => file.path)).toEqual(['create-orders-table.sh', 'create-app-events-table.sh', 'create-app-sessions-table.sh']);
    for (const file of files) await expect(file.contents).toMatchFileSnapshot(`./__golden__/rich/${file.path}`);
  });

  it('uses shorthand, never JSON, and applies post-create settings only when the schema has them', () => {
    const [orders, events] = emitBash(richSchema()).files.map((file) => file.contents);
    const canonical = emitBash(canonicalSchema).files[0]!.contents;
    for (const script of [orders!, events!, canonical]) {
      // A JSON argument would start a quoted word with { or [ .
      expect(script).not.toMatch(/'\s*[[{]/);
      expect(script).not.toMatch(/\bfile:\/\//);
    }
    expect(orders).toContain("--sse-specification 'Enabled=true,SSEType=KMS,KMSMasterKeyId=alias/app-orders'");
    expect(orders).toContain("--time-to-live-specification 'Enabled=true,AttributeName=expiresAt'");
    expect(orders).toContain('update-continuous-backups');
    expect(orders).toContain('--deletion-protection-enabled');
    expect(orders).toContain("--tags 'Key=cost-center,Value=4711' 'Key=team,Value=checkout'");
    for (const setting of ['update-time-to-live', 'update-continuous-backups', 'deletion-protection', 'tag-resource']) {
      expect(canonical).not.toContain(setting);
    }
  });

  it('avoids bash-4-only features, so it runs on macOS bash 3.2', () => {
    for (const script of [...emitBash(richSchema()).files, ...emitBash(canonicalSchema).files].map((file) => file.contents)) {
      expect(script).not.toMatch(/declare -A|local -A|\$\{[a-z_]+(,,|\^\^)\}|\bmapfile\b|\breadarray\b|\bcoproc\b|&>>|\|&/);
    }
  });
});

const bash = findTool('bash');
describe.skipIf(!bash)('bash -n', () => {
  it('accepts every generated script', () => {
    for (const path of [...writeScripts(canonicalSchema), ...writeScripts(richSchema())]) {
      execFileSync(bash!, ['-n', path]);
    }
  });
});

const shellcheck = findTool('shellcheck');
describe.skipIf(!shellcheck)('shellcheck', () => {
  it('reports nothing on every generated script', () => {
    const paths = [...writeScripts(canonicalSchema), ...writeScripts(richSchema())];
    // --enable=all turns on the optional checks too; exit status 0 means zero findings.
    const output = execFileSync(shellcheck!, ['--shell=bash', '--severity=style', ...paths], { encoding: 'utf8' });
    expect(output).toBe('');
  });
});
