/**
 * Shared setup for the engine-backed tests (migrations, refusals, drift): local engines, clients that
 * record every command they send, unique table names, schemas and the AWS CLI.
 *
 * Engine capabilities these tests rely on (DynamoDB Local 3.3.1 / dynalite 4):
 * - GSI create/delete after CreateTable: DynamoDB Local yes; dynalite rejects it on on-demand tables and
 *   silently ignores it on provisioned ones.
 * - TTL updates, deletion protection, streams (UpdateTable StreamSpecification): DynamoDB Local only.
 * - Tags: dynalite only (DynamoDB Local answers UnknownOperationException).
 * - Billing mode and capacity changes: both.
 * - Table class: neither reports TableClassSummary; DynamoDB Local answers "Nothing to update" to a
 *   TableClass-only UpdateTable, dynalite a ValidationException. Not testable locally.
 * - PITR: neither (DescribeContinuousBackups is an unknown operation).
 * - The six settings of issue 14: see settings-dynalite.test.ts, settings-moto.test.ts and the DynamoDB
 *   Local block of migrations.test.ts (moto is the only engine with warm throughput, the recovery
 *   period and resource policies; none keeps on-demand caps or contributor insights).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DescribeTableCommand, type DynamoDBClient, type TableDescription } from '@aws-sdk/client-dynamodb';
import { shopifySessionsTable, type GlobalSecondaryIndex, type TableSchema } from '@ddb-migrations/core';
import { findMotoServer, localAwsEnvironment, startDynalite, startDynamoDbLocal, startMotoServer } from '@ddb-migrations/test-support';
import { afterAll, beforeAll } from 'vitest';
import { createDynamoDbClient, readLiveTable, type LiveTable } from '../index.js';

export type EngineKind = 'dynamodb-local' | 'dynalite' | 'moto';

export interface Engine {
  kind: EngineKind;
  endpoint: string;
  close(): Promise<void>;
}

export async function startEngine(kind: EngineKind): Promise<Engine> {
  const engine =
    kind === 'dynamodb-local' ? await startDynamoDbLocal() : kind === 'moto' ? await startMotoServer(findMotoServer()!) : await startDynalite({ createTableMs: 200, updateTableMs: 200 });
  return { kind, endpoint: engine.endpoint, close: () => engine.close() };
}

export interface RecordedCall {
  name: string;
  input: Record<string, unknown>;
  output?: Record<string, unknown>;
}

export interface TrackedClient {
  client: DynamoDBClient;
  calls: RecordedCall[];
  /** Names of the write commands sent since the last clear(): anything not Describe*, List* or Get*. */
  writes(): string[];
  clear(): void;
}

export const isWrite = (commandName: string) => !/^(Describe|List|Get)/.test(commandName);

/** A client for the engine whose middleware records every command (name, input, and output when it succeeded). */
export function trackedClient(engine: Engine): TrackedClient {
  const client = createDynamoDbClient({ endpoint: engine.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const calls: RecordedCall[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const call: RecordedCall = { name: context.commandName ?? 'unknown', input: args.input as Record<string, unknown> };
      calls.push(call);
      const result = await next(args);
      call.output = result.output as unknown as Record<string, unknown>;
      return result;
    },
    { step: 'initialize', name: 'countCalls' },
  );
  return {
    client,
    calls,
    writes: () => calls.map((call) => call.name).filter(isWrite),
    clear: () => void calls.splice(0),
  };
}

/**
 * Starts `kind` before the enclosing describe's tests and stops it after them, with one tracked
 * client; the getters are valid inside tests and hooks.
 */
export function useEngine(kind: EngineKind): { db: () => TrackedClient; engine: () => Engine } {
  const state: { engine?: Engine; tracked?: TrackedClient } = {};
  beforeAll(async () => {
    state.engine = await startEngine(kind);
    state.tracked = trackedClient(state.engine);
  }, 60_000);
  afterAll(async () => {
    state.tracked?.client.destroy();
    await state.engine?.close();
  });
  return { db: () => state.tracked!, engine: () => state.engine! };
}

let counter = 0;
/** A table name no other test (or concurrent run against a shared engine) uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${++counter}_${Math.random().toString(36).slice(2, 8)}`;
}

/** Number attributes documented for TTL. */
export const TTL_ATTRIBUTES = [
  { name: 'expiresAt', type: 'N', description: 'Epoch seconds after which the item may be deleted.' },
  { name: 'purgeAt', type: 'N', description: 'Alternative expiry, epoch seconds.' },
] as const;

/** The canonical sessions table under a fresh name, with the TTL attributes documented, plus overrides. */
export function sessionsSchema(overrides: Partial<TableSchema> = {}): TableSchema {
  return {
    ...shopifySessionsTable,
    name: uniqueName('sessions'),
    attributes: [...shopifySessionsTable.attributes, ...TTL_ATTRIBUTES],
    ...overrides,
  };
}

export const stateIndex: GlobalSecondaryIndex = { name: 'state_index', partitionKey: { name: 'state', type: 'S' }, projection: { type: 'KEYS_ONLY' }, contributorInsights: false };
export const scopeIndex: GlobalSecondaryIndex = {
  name: 'scope_index',
  partitionKey: { name: 'scope', type: 'S' },
  sortKey: { name: 'expires', type: 'S' },
  projection: { type: 'INCLUDE', nonKeyAttributes: ['accessToken'] },
  contributorInsights: false,
};

export const stepTypes = (plan: { changes: { step: { type: string } }[] }) => plan.changes.map((change) => change.step.type);

export async function describeTable(client: DynamoDBClient, name: string): Promise<TableDescription> {
  return (await client.send(new DescribeTableCommand({ TableName: name }))).Table!;
}

/** Everything apply compares: DescribeTable's whole output plus TTL, PITR and tags. */
export async function snapshot(client: DynamoDBClient, name: string): Promise<LiveTable> {
  const live = await readLiveTable(client, name);
  if (!live) throw new Error(`table ${name} does not exist`);
  return live;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls DescribeTable until `done` holds (e.g. an index deleted behind apply's back is gone). */
export async function waitFor(client: DynamoDBClient, name: string, done: (table: TableDescription) => boolean, timeoutMs = 20_000): Promise<TableDescription> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const table = await describeTable(client, name);
    if (done(table)) return table;
    if (Date.now() > deadline) throw new Error(`table ${name} did not reach the expected state: ${JSON.stringify(table)}`);
    await sleep(100);
  }
}

export const settled = (table: TableDescription) => table.TableStatus === 'ACTIVE' && (table.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE');

const run = promisify(execFile);

/** Runs `aws dynamodb <args>` against the engine with dummy credentials; resolves to the parsed JSON output. */
export async function awsDynamoDb(cli: string, engine: Engine, args: string[]): Promise<unknown> {
  const { stdout } = await run(cli, ['dynamodb', ...args, '--endpoint-url', engine.endpoint, '--output', 'json'], {
    env: localAwsEnvironment(),
    timeout: 30_000,
  });
  return stdout.trim() ? JSON.parse(stdout) : undefined;
}
