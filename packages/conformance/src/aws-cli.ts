/**
 * The AWS CLI as the scripts use it: finding one new enough, recording what a script passes to it,
 * and turning an argument list into the request the CLI really sends (shorthand and file:// parsed
 * by the CLI itself, not by a re-implementation here).
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AWS_CLI_FEATURES, awsCliRequirementFor } from '@ddb-migrations/core';
import { findAwsCliAtLeast, listenOnLoopback, localAwsEnvironment } from '@ddb-migrations/test-support';

const execFileAsync = promisify(execFile);

/** The first AWS CLI releases that know every flag a script may pass. */
export const NEWEST_AWS_CLI_FEATURES = awsCliRequirementFor(Object.values(AWS_CLI_FEATURES))!;

/**
 * An AWS CLI whose DynamoDB commands cover every schema feature (the rich fixture uses all of them).
 * Debian's 2.9.19 is too old, so pip's v1 (scripts/install-test-tools.sh) is normally the one.
 */
export function findModernAwsCli(): string | undefined {
  const { v1, v2, features } = NEWEST_AWS_CLI_FEATURES;
  return findAwsCliAtLeast(v1, v2, features.map((feature) => feature.what).join(', '));
}

/** One recorded `aws` invocation: its arguments exactly as the script passed them. */
export interface RecordedCall {
  argv: string[];
  cwd: string;
}

export interface RecordingShim {
  /** Put this first on PATH: it holds an `aws` that records, then runs the real CLI. */
  binDir: string;
  /** Every call so far, in order. */
  calls(): RecordedCall[];
}

/**
 * An `aws` executable that appends its argument list (as one JSON line) to a log and then execs the
 * real CLI with the same arguments, stdin, stdout, stderr and exit code.
 */
export function createRecordingShim(realAws: string): RecordingShim {
  const binDir = mkdtempSync(join(tmpdir(), 'aws-shim-'));
  const log = join(binDir, 'calls.jsonl');
  writeFileSync(log, '');
  const shim = `#!${process.execPath}
const { appendFileSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const argv = process.argv.slice(2);
appendFileSync(${JSON.stringify(log)}, JSON.stringify({ argv, cwd: process.cwd() }) + '\\n');
const result = spawnSync(${JSON.stringify(realAws)}, argv, { stdio: 'inherit' });
process.exit(result.status ?? 1);
`;
  writeFileSync(join(binDir, 'aws'), shim);
  chmodSync(join(binDir, 'aws'), 0o755);
  return {
    binDir,
    calls: () =>
      readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as RecordedCall),
  };
}

/** Options that choose where a call goes, not what it asks: dropped before calls are compared. */
const CONNECTION_OPTIONS = new Set(['--region', '--endpoint-url', '--profile']);

/** `argv` without --region/--endpoint-url/--profile and their values. */
export function withoutConnection(argv: string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (CONNECTION_OPTIONS.has(argv[i]!)) i++;
    else kept.push(argv[i]!);
  }
  return kept;
}

/** The request the CLI sent: operation, JSON body (keys sorted) and the client-side --output/--query. */
export interface EffectiveRequest {
  operation: string;
  body: string;
  output: string | null;
  query: string | null;
}

export const describeRequest = (request: EffectiveRequest) =>
  `${request.operation} ${request.body}${request.query ? ` --query ${request.query}` : ''}${request.output ? ` --output ${request.output}` : ''}`;

/**
 * JSON with object keys sorted at every level, so equal requests compare equal as strings. A policy
 * document (the JSON string of `ResourcePolicy` or `Policy`) is compared as the JSON it holds: the
 * scripts send the generated file's pretty-printed text, the SDK path a compact one.
 */
export const canonicalJson = (value: unknown) => JSON.stringify(sortKeys(value));

const POLICY_MEMBERS = new Set(['ResourcePolicy', 'Policy']);

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const field = (key: string) => {
      const member = (value as Record<string, unknown>)[key];
      return POLICY_MEMBERS.has(key) && typeof member === 'string' ? { parsedPolicy: sortKeys(JSON.parse(member)) } : sortKeys(member);
    };
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, field(key)]));
  }
  return value;
}

const optionValue = (argv: string[], name: string) => {
  const at = argv.indexOf(name);
  return at >= 0 ? (argv[at + 1] ?? null) : null;
};

/**
 * Resolves argument lists to effective requests by running the real CLI against a loopback server
 * that records each request and answers `{}`. Results are cached by argument list and cwd.
 */
export class RequestResolver {
  private server: Server | undefined;
  private endpoint = '';
  private received: { target: string; body: string }[] = [];
  private readonly cache = new Map<string, Promise<EffectiveRequest>>();

  constructor(private readonly aws: string) {}

  private async start(): Promise<void> {
    if (this.server) return;
    this.server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        this.received.push({ target: String(request.headers['x-amz-target'] ?? ''), body });
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
        response.end('{}');
      });
    });
    this.endpoint = await listenOnLoopback(this.server);
  }

  /** The request `aws <argv>` sends (connection options replaced by the recorder's). */
  resolve(argv: string[], cwd: string): Promise<EffectiveRequest> {
    const args = withoutConnection(argv);
    const key = JSON.stringify([args, cwd]);
    let pending = this.cache.get(key);
    if (!pending) {
      pending = this.send(args, cwd);
      this.cache.set(key, pending);
    }
    return pending;
  }

  // Sequential on purpose: one request in flight, so `received` maps one-to-one to calls.
  private queue: Promise<unknown> = Promise.resolve();

  private send(args: string[], cwd: string): Promise<EffectiveRequest> {
    const next = this.queue.then(async () => {
      await this.start();
      this.received = [];
      const env = localAwsEnvironment();
      await execFileAsync(this.aws, [...args, '--endpoint-url', this.endpoint, '--region', 'us-east-1'], { cwd, env });
      if (this.received.length !== 1) throw new Error(`aws ${args.join(' ')} sent ${this.received.length} requests, expected 1`);
      const [{ target, body }] = this.received as [{ target: string; body: string }];
      return {
        operation: target.replace(/^DynamoDB_\d+\./, ''),
        body: canonicalJson(JSON.parse(body || '{}')),
        output: optionValue(args, '--output'),
        query: optionValue(args, '--query'),
      };
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Runs the CLI; throws with its stderr on a non-zero exit. */
export async function runAws(aws: string, argv: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<string> {
  try {
    const { stdout } = await execFileAsync(aws, argv, { env, cwd });
    return stdout;
  } catch (error) {
    const failed = error as { stderr?: string; message: string };
    throw new Error(`aws ${argv.join(' ')} failed: ${failed.stderr || failed.message}`);
  }
}
