/**
 * No value reaches a shell or PowerShell as code. The bash script runs for real with every hostile
 * value in every argument and environment fallback, with a recording `aws` first on PATH: each run
 * must be refused before any `aws` call, and nothing a payload asks for may happen. The PowerShell
 * script is checked through its syntax tree: each value is tested against the script's own
 * validation patterns, which run before any statement that reaches `aws`.
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ARGUMENT_PATTERNS } from '@ddb-migrations/core';
import { extractAwsInvocations, findTool, localAwsEnvironment, parsePowerShell } from '@ddb-migrations/test-support';
import { hostileValues } from './hostile-values.js';
import { recordSection } from './report/figures.js';

const committed = fileURLToPath(new URL('../../../dynamodb-migrations', import.meta.url));
const bash = findTool('bash');
const work = mkdtempSync(join(tmpdir(), 'injection-'));
const canary = join(work, 'pwned');
const values = hostileValues(canary);

/** An `aws` that only records: no call may reach it, and if one did, it would reach nothing. */
const shimDir = mkdtempSync(join(tmpdir(), 'aws-recorder-'));
const callLog = join(shimDir, 'calls.log');
writeFileSync(join(shimDir, 'aws'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${callLog}'\n`);
chmodSync(join(shimDir, 'aws'), 0o755);
const recordedCalls = () => (existsSync(callLog) ? readFileSync(callLog, 'utf8').split('\n').filter(Boolean) : []);

type Channel = { kind: 'flag' | 'env'; name: string; pattern: string };
const CHANNELS: Channel[] = [
  { kind: 'flag', name: '--table-name', pattern: ARGUMENT_PATTERNS.tableName },
  { kind: 'flag', name: '--region', pattern: ARGUMENT_PATTERNS.region },
  { kind: 'flag', name: '--profile', pattern: ARGUMENT_PATTERNS.profile },
  { kind: 'flag', name: '--endpoint-url', pattern: ARGUMENT_PATTERNS.endpoint },
  { kind: 'flag', name: '--timeout', pattern: '^[0-9]{1,5}$' },
  { kind: 'env', name: 'TABLE_NAME', pattern: ARGUMENT_PATTERNS.tableName },
  { kind: 'env', name: 'AWS_REGION', pattern: ARGUMENT_PATTERNS.region },
  { kind: 'env', name: 'AWS_PROFILE', pattern: ARGUMENT_PATTERNS.profile },
  { kind: 'env', name: 'AWS_ENDPOINT_URL', pattern: ARGUMENT_PATTERNS.endpoint },
  { kind: 'env', name: 'AWS_ENDPOINT_URL_DYNAMODB', pattern: ARGUMENT_PATTERNS.endpoint },
];

/** A value the argument's own rule accepts is not hostile; an empty optional value means "unset". */
const isHostileFor = (channel: Channel, value: string) => value.trim() !== '' && !new RegExp(channel.pattern).test(value);

function runScript(args: string[], env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(bash!, [join(committed, 'create-sessions-table.sh'), ...args], { env: localAwsEnvironment({ PATH: `${shimDir}:${process.env.PATH}`, ...env }), cwd: work }, (error, _stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stderr }),
    );
  });
}

/** Runs `tasks` with at most `limit` at a time. */
async function pool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]!();
    }
  }));
  return results;
}

const counted = { bashRuns: 0, powershellChecks: 0, values: values.length };

afterAll(() => {
  recordSection(2, {
    title: 'Injection',
    source: 'injection.test.ts (values: hostile-values.ts)',
    figures: [
      { what: 'distinct hostile values', count: counted.values, outcome: '`$(…)`, backticks, `;`, `&`, `|`, quotes, newlines, `--` options, globs, 300 and 70,000 characters, Unicode look-alikes, zero-width and bidi characters, escape sequences' },
      { what: 'bash runs (value × flag or environment fallback)', count: counted.bashRuns, outcome: 'exit 1 with "invalid …" before any `aws` call; no `aws` call recorded; no payload side effect' },
      { what: 'PowerShell checks (value × parameter)', count: counted.powershellChecks, outcome: "refused by the script's own -cnotmatch rule, which runs before any statement that reaches `aws`" },
    ],
    details: [
      'The generator refuses the same characters in the schema (see Bad input: shell metacharacters, control characters, look-alikes).',
      'PowerShell was not executed (none can be installed here): the rules and their order were read from the tree-sitter syntax tree, and `-TimeoutSeconds` is an `[int]` parameter, which PowerShell refuses to bind to text.',
    ],
  });
});

describe.skipIf(!bash)('hostile values in the bash script', () => {
  it('a valid run does reach the recording aws (so "no call" below means something)', async () => {
    await runScript(['--table-name', 'injection_control', '--endpoint-url', 'http://127.0.0.1:9'], {});
    expect(recordedCalls().length).toBeGreaterThan(0);
    writeFileSync(callLog, '');
  });

  it('refuses every hostile value in every flag and environment fallback before calling aws', async () => {
    const tasks = CHANNELS.flatMap((channel) =>
      values.filter((value) => isHostileFor(channel, value)).map((value) => async () => {
        const result = channel.kind === 'flag' ? await runScript([channel.name, value], {}) : await runScript([], { [channel.name]: value });
        return { channel: channel.name, value, ...result };
      }),
    );
    const results = await pool(tasks, 8);
    const notRefused = results.filter((r) => r.code !== 1 || !/error: invalid /.test(r.stderr));
    expect(notRefused.map((r) => `${r.channel} ${JSON.stringify(r.value.slice(0, 60))}: exit ${r.code} ${r.stderr.slice(0, 120)}`)).toEqual([]);
    expect(recordedCalls()).toEqual([]);
    expect(existsSync(canary)).toBe(false);
    counted.bashRuns = results.length;
  });
});

describe('hostile values in the PowerShell script', () => {
  it('each parameter is checked by its own rule before anything reaches aws, and every hostile value fails it', async () => {
    const syntax = await parsePowerShell(readFileSync(join(committed, 'create-sessions-table.ps1'), 'utf8'));
    expect(syntax.problems).toEqual([]);
    const program = syntax.tree.rootNode.namedChildren.find((node) => node.type === 'statement_list')!;
    const statements = program.namedChildren.filter((node) => node.type !== 'comment');

    // Functions that reach aws: Invoke-AwsCli, and any function that calls one that does.
    const functions = statements.filter((node) => node.type === 'function_statement');
    const reachesAws = new Set(['invoke-awscli']);
    for (let grew = true; grew; ) {
      grew = false;
      for (const fn of functions) {
        const name = /^function\s+([\w-]+)/i.exec(fn.text)![1]!.toLowerCase();
        const body = fn.text.toLowerCase();
        if (!reachesAws.has(name) && [...reachesAws].some((callee) => body.includes(callee))) {
          reachesAws.add(name);
          grew = true;
        }
      }
    }
    const firstAwsStatement = statements.findIndex((node) => node.type !== 'function_statement' && [...reachesAws].some((name) => node.text.toLowerCase().includes(name)));
    expect(firstAwsStatement).toBeGreaterThan(0);

    const rules = [
      { parameter: 'TableName', channel: CHANNELS[0]! },
      { parameter: 'Region', channel: CHANNELS[1]! },
      { parameter: 'AwsProfile', channel: CHANNELS[2]! },
      { parameter: 'EndpointUrl', channel: CHANNELS[3]! },
    ];
    for (const { parameter, channel } of rules) {
      const index = statements.findIndex((node) => node.type === 'if_statement' && node.text.includes(`$${parameter} -cnotmatch '`));
      expect(index, `${parameter} has a -cnotmatch rule`).toBeGreaterThan(-1);
      expect(index, `${parameter} is checked before the first aws call`).toBeLessThan(firstAwsStatement);
      const rule = statements[index]!.text;
      expect(rule, `${parameter}'s rule stops the script`).toMatch(/\{\s*Stop-WithError /);
      // .NET's \z is JavaScript's $ without the m flag: the very end of the string.
      const pattern = new RegExp(/-cnotmatch '([^']+)'/.exec(rule)![1]!.replace(/\\z$/, '$'));
      for (const value of values.filter((candidate) => isHostileFor(channel, candidate))) {
        expect(pattern.test(value), `${parameter} accepts ${JSON.stringify(value)}`).toBe(false);
        counted.powershellChecks++;
      }
      // Even a value that passed would be one argument of an array handed to aws, never code.
      const calls = extractAwsInvocations(syntax, { parameters: { [parameter]: 'x$(y)' }, connection: [] });
      if (parameter === 'TableName') expect(calls.every((call) => call.args.includes('x$(y)'))).toBe(true);
    }
    // Environment fallbacks are copied into the parameters before the rules run.
    const fallbacks = statements.findIndex((node) => node.text.includes('$env:TABLE_NAME'));
    expect(fallbacks).toBeGreaterThan(-1);
    expect(fallbacks).toBeLessThan(statements.findIndex((node) => node.text.includes('$TableName -cnotmatch')));
    expect(syntax.source).toMatch(/\[int\]\$TimeoutSeconds/);
  });
});
