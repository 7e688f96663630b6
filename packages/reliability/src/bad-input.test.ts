/**
 * The bad-input corpus: every file in fixtures/bad-schemas (plus one over the size limit, made
 * here) must give exit 1, exactly one stderr line `ddb-migrate: FILE:LINE:COLUMN: message` as listed
 * in expected-errors.json, no stack trace, and leave the output folder byte-identical.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_SCHEMA_BYTES } from '@ddb-migrations/core';
import { runCli, snapshotFolder, STACK_FRAME } from './cli-process.js';
import { recordSection } from './report/figures.js';

const corpus = fileURLToPath(new URL('../fixtures/bad-schemas', import.meta.url));
const committed = fileURLToPath(new URL('../../../dynamodb-migrations', import.meta.url));
const expected = JSON.parse(readFileSync(join(corpus, 'expected-errors.json'), 'utf8')) as Record<string, string>;

/** The huge file is made here rather than committed: 4 MiB of comments and one table. */
const hugeDir = mkdtempSync(join(tmpdir(), 'bad-schema-huge-'));
const hugeBody = `tables:\n  - name: shopify_sessions\n    partitionKey: { name: id, type: S }\n${'# padding\n'.repeat(MAX_SCHEMA_BYTES / 10)}`;
writeFileSync(join(hugeDir, 'huge.yaml'), hugeBody);
/** Nesting far past the parser's stack (which used to surface as a JavaScript RangeError). */
const deepBody = `tables:\n  - name: shopify_sessions\n    partitionKey: { name: id, type: S }\n    tags: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`;
writeFileSync(join(hugeDir, 'deep-nesting.yaml'), deepBody);

const cases = [
  ...readdirSync(corpus)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((file) => ({ file, dir: corpus, error: expected[file] })),
  { file: 'huge.yaml', dir: hugeDir, error: `1:1: schema file is ${Buffer.byteLength(hugeBody)} bytes; the limit is ${MAX_SCHEMA_BYTES}` },
  { file: 'deep-nesting.yaml', dir: hugeDir, error: `4:72: YAML nesting is deeper than 64 levels; a schema needs fewer than 10` },
  // A device that never ends: reading stops at the limit instead of filling memory.
  { file: '/dev/zero', dir: hugeDir, error: `1:1: schema file is more than ${MAX_SCHEMA_BYTES} bytes (reading stopped there); the limit is ${MAX_SCHEMA_BYTES}` },
];

/** An output folder holding last run's artifacts and a file of the user's own. */
function populatedOutput(): string {
  const out = mkdtempSync(join(tmpdir(), 'bad-input-out-'));
  cpSync(committed, out, { recursive: true });
  writeFileSync(join(out, 'NOTES.md'), 'my own notes\n');
  return out;
}

const passed = { generate: 0, apply: 0 };

describe('the bad-input corpus', () => {
  afterAll(() => {
    recordSection(1, {
      title: 'Bad input',
      source: 'bad-input.test.ts (corpus: packages/reliability/fixtures/bad-schemas)',
      figures: [
        { what: 'malformed schema files given to `generate`', count: passed.generate, outcome: 'exit 1; one stderr line `FILE:LINE:COLUMN: message`; no stack trace; the output folder byte-identical' },
        { what: 'the same files given to `apply` (endpoint unreachable)', count: passed.apply, outcome: 'exit 1 with the same line, before any network call' },
      ],
      details: [
        'YAML syntax (unclosed quotes and maps, bad and tab indentation, duplicate keys, two documents, undefined aliases, an alias bomb), wrong types, unknown keys with did-you-mean, missing keys, empty files, comment-only files.',
        'YAML as data: tags (`!Ref`, `!!str` on a key) refused at the tag, keys equal after typing (`1` and `"1"`), CR-only line endings read with right positions, nesting 100,000 deep refused at the 65th level (never a RangeError), integers past 2^53 and literals that round to an integer refused at the number.',
        "DynamoDB rules: table, index and attribute names (length, characters, a leading \"-\", look-alike Unicode, shell metacharacters, control characters), key types other than S/N/B, one attribute with two types, duplicate tables and indexes, two tables meeting in one CloudFormation logical id, 21 GSIs, an index sort key equal to its partition key, INCLUDE without attributes, 21 nonKeyAttributes on one index, 101 projected over all indexes, one listed twice, TTL on a String or undocumented attribute, capacity with on-demand or missing with provisioned, zero capacity or past DynamoDB's 10^12 bound, tag keys reserved or with a character DynamoDB refuses, padded tag values, 51 tags, a KMS key without KMS or in none of the documented forms.",
        `Bytes: Latin-1, NUL, binary garbage, a file over the ${MAX_SCHEMA_BYTES}-byte limit, and /dev/zero (reading stops at the limit).`,
      ],
    });
  });

  it('has at least 40 cases, each with an expected error', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(cases.filter((c) => c.error === undefined).map((c) => c.file)).toEqual([]);
    expect(Object.keys(expected).filter((file) => !cases.some((c) => c.file === file))).toEqual([]);
  });

  for (const { file, dir, error } of cases) {
    it.concurrent(`${file}: generate and apply refuse it in one positioned line and write nothing`, async () => {
      const line = `ddb-migrate: ${file}:${error}\n`;
      const out = populatedOutput();
      const before = snapshotFolder(out);
      const generated = await runCli(['generate', '--schema', file, '--out', out], { cwd: dir });
      expect({ code: generated.code, stderr: generated.stderr, stdout: generated.stdout }).toEqual({ code: 1, stderr: line, stdout: '' });
      expect(generated.stderr).not.toMatch(STACK_FRAME);
      expect(snapshotFolder(out)).toEqual(before);
      passed.generate++;

      // Port 9 (discard) on loopback: nothing listens, so any network call would fail differently.
      const applied = await runCli(['apply', '--schema', file, '--endpoint-url', 'http://127.0.0.1:9', '--region', 'us-east-1'], { cwd: dir });
      expect({ code: applied.code, stderr: applied.stderr }).toEqual({ code: 1, stderr: line });
      passed.apply++;
    });
  }
});
