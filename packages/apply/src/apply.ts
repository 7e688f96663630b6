import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TableSchema } from '@ddb-migrations/core';
import { diff, type Plan } from './diff.js';
import { ApplyError, isInUse, RefusedChangeError } from './errors.js';
import { executeStep } from './executors.js';
import { isMissingOperation, readLiveTable, UNSUPPORTED, type LiveTable } from './live.js';
import { describeStep, STEPS_THAT_UPDATE_THE_TABLE, type Step } from './steps.js';
import { isSettled, pollDelay, realSleep as sleep, waitUntilActive, type WaitProgress } from './wait.js';

/**
 * Tables a whole-schema apply (the CLI's `apply`) works on at once. Each spends most of its time waiting for DynamoDB (CREATING to ACTIVE), so
 * a 50-table schema takes about 7 waits instead of 50 (BENCHMARKS.md, "Scale"). DynamoDB accepts far
 * more concurrent table operations than 8; the bound keeps the DescribeTable polling of the waits
 * (10 reads a second per table in a wait's first second) and the load on a local engine modest.
 */
export const APPLY_CONCURRENCY = 8;

export interface RunOptions {
  /** Use this name instead of the schema's (the scripts' --table-name). */
  tableName?: string;
  pruneIndexes?: boolean;
  timeoutMs?: number;
  signal?: AbortSignal;
  onEvent?: (event: ApplyEvent) => void;
}

export type ApplyEvent =
  | { type: 'step'; table: string; step: Step; description: string }
  | { type: 'wait'; progress: WaitProgress }
  | { type: 'replan'; table: string; reason: string }
  | { type: 'done'; table: string; steps: number };

const DEFAULT_TIMEOUT_MS = 10 * 60_000;
/** Plan, run, re-plan: a healthy endpoint converges in two rounds, a busy one in a few more. */
const MAX_ROUNDS = 8;

/** Reads the live table and computes the plan. Makes no write. */
export async function planTable(client: DynamoDBClient, table: TableSchema, options: RunOptions = {}): Promise<Plan> {
  const name = options.tableName ?? table.name;
  return diff(await readLiveTable(client, name, options.signal), table, { tableName: name, pruneIndexes: options.pruneIndexes ?? false });
}

/**
 * Runs the plan, waiting for ACTIVE after every step that changes the table, then plans again until
 * nothing is left. Someone else creating or updating the same table (ResourceInUseException) means
 * wait and re-plan, so concurrent applies of one schema both succeed. A second run makes no write.
 */
export async function applyTable(client: DynamoDBClient, table: TableSchema, options: RunOptions = {}): Promise<{ executed: Step[]; plan: Plan }> {
  const name = options.tableName ?? table.name;
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const executed: Step[] = [];
  const seen = new Set<string>();
  const wait = () =>
    waitUntilActive(client, name, {
      timeoutMs: Math.max(0, deadline - Date.now()),
      signal: options.signal,
      onProgress: (progress) => options.onEvent?.({ type: 'wait', progress }),
    });

  for (let round = 0; round < MAX_ROUNDS; round++) {
    const live = await readLiveTable(client, name, options.signal);
    if (live && !isSettled(live.description)) {
      await wait();
      continue;
    }
    const plan = diff(live, table, { tableName: name, pruneIndexes: options.pruneIndexes ?? false });
    if (plan.refusals.length > 0) throw new RefusedChangeError(plan.refusals);
    if (executed.some((step) => step.type === 'update_ttl') && plan.changes.some((change) => change.step.type === 'update_ttl')) {
      // DynamoDB takes one TTL change per table per hour: leave the next one to a later run.
      plan.changes = plan.changes.filter((change) => change.step.type !== 'update_ttl');
      plan.notices.push('TTL: changed once in this run; run apply again later for the next TTL change (DynamoDB allows one per table per hour)');
    }
    if (plan.changes.length === 0) {
      options.onEvent?.({ type: 'done', table: name, steps: executed.length });
      return { executed, plan };
    }
    let arn = live?.description.TableArn;
    const context = {
      client,
      signal: options.signal,
      remainingMs: () => Math.max(0, deadline - Date.now()),
      tableArn: async () => (arn ??= (await readLiveTable(client, name, options.signal))?.description.TableArn ?? fail(`table ${name} vanished`)),
    };
    let current: Step | undefined;
    try {
      for (const { step } of plan.changes) {
        current = step;
        const key = JSON.stringify(step);
        // The same step planned again after it succeeded means the endpoint accepted it and ignored it.
        if (seen.has(key)) throw new ApplyError(`the endpoint accepted "${describeStep(step)}" but did not apply it`, 1, 'NOT_APPLIED');
        options.onEvent?.({ type: 'step', table: name, step, description: describeStep(step) });
        await executeStep(step, context);
        seen.add(key);
        executed.push(step);
        if (STEPS_THAT_UPDATE_THE_TABLE.has(step.type)) await wait();
      }
    } catch (error) {
      if (isInUse(error)) {
        // Another apply is creating or changing this table: let it finish, then plan again.
        options.onEvent?.({ type: 'replan', table: name, reason: 'the table is being changed by someone else' });
        if (await readLiveTable(client, name, options.signal)) await wait();
        else await sleep(pollDelay(round), options.signal);
        continue;
      }
      if (current && isMissingOperation(error)) {
        throw new ApplyError(`this endpoint does not support the call needed to ${describeStep(current)}`, 1, 'UNSUPPORTED');
      }
      if (current && (error as { name?: string }).name === 'ValidationException') {
        throw new ApplyError(`the endpoint refused to ${describeStep(current)}: ${(error as Error).message}`, 1, 'REJECTED');
      }
      throw error;
    }
  }
  throw new ApplyError(`table ${name} did not settle after ${MAX_ROUNDS} rounds of changes; run apply again`, 1, 'NOT_CONVERGED');
}

function fail(message: string): never {
  throw new ApplyError(message);
}

export interface Verification {
  table: string;
  /** Every difference, refusals included. */
  differences: string[];
  /** The differences apply refuses to make in place (each also in `differences`). */
  refused: string[];
  notices: string[];
  arn?: string;
}

/** Compares the live table with the schema and names every difference, including indexes apply would keep. */
export async function verifyTable(client: DynamoDBClient, table: TableSchema, options: Pick<RunOptions, 'tableName' | 'signal'> = {}): Promise<Verification> {
  const name = options.tableName ?? table.name;
  const live = await readLiveTable(client, name, options.signal);
  if (!live) return { table: name, differences: [`table ${name} does not exist`], refused: [], notices: [] };
  const plan = diff(live, table, { tableName: name, pruneIndexes: false });
  const differences = [...plan.refusals, ...dedupe(plan.changes.map((change) => change.difference)), ...plan.unmanaged];
  if (live.description.TableStatus !== 'ACTIVE') differences.push(`status: table ${live.description.TableStatus}, not ACTIVE`);
  for (const index of live.description.GlobalSecondaryIndexes ?? []) {
    if (index.IndexStatus !== 'ACTIVE' || index.Backfilling) differences.push(`index ${index.IndexName}: ${index.IndexStatus}${index.Backfilling ? ' (backfilling)' : ''}, not ACTIVE`);
  }
  differences.push(...settlingSettings(live));
  return { table: name, differences, refused: plan.refusals, notices: plan.notices, ...(plan.arn ? { arn: plan.arn } : {}) };
}

const dedupe = (items: string[]) => [...new Set(items)];

/** Settings still changing: warm throughput UPDATING, contributor insights ENABLING or DISABLING. */
function settlingSettings(live: LiveTable): string[] {
  const settling: string[] = [];
  const description = live.description;
  if (description.WarmThroughput?.Status === 'UPDATING') settling.push('warm throughput: UPDATING, not ACTIVE');
  for (const index of description.GlobalSecondaryIndexes ?? []) {
    if (index.WarmThroughput?.Status === 'UPDATING') settling.push(`index ${index.IndexName} warm throughput: UPDATING, not ACTIVE`);
  }
  if (live.contributorInsights !== UNSUPPORTED) {
    const { table, indexes } = live.contributorInsights;
    const changing = (status: string) => status === 'ENABLING' || status === 'DISABLING';
    if (changing(table)) settling.push(`contributor insights: ${table}`);
    for (const [name, status] of Object.entries(indexes)) if (changing(status)) settling.push(`index ${name} contributor insights: ${status}`);
  }
  return settling;
}
