/**
 * diff(live, desired) -> the typed steps that bring the live table to the schema, each with the
 * difference it fixes. Changes DynamoDB cannot make in place are refusals, found before any write.
 */
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import { toCreateTableInput, toKeySchema, type ServerSideEncryption, type StreamViewType, type TableSchema } from '@ddb-migrations/core';
import {
  diffContributorInsights, diffOnDemandThroughput, diffResourcePolicy, diffWarmThroughput, indexShapeDifference, keyText, postCreateSteps, refuseLocalIndexChanges, type Add,
} from './diff-settings.js';
import { UNSUPPORTED, type LiveTable } from './live.js';
import type { Step } from './steps.js';

export interface Change {
  step: Step;
  /** What differs, for `verify`: "billing: live PROVISIONED, schema PAY_PER_REQUEST". */
  difference: string;
}

export interface Plan {
  table: string;
  exists: boolean;
  changes: Change[];
  /** Differences apply will not act on: an index kept without --prune-indexes. Verify counts them. */
  unmanaged: string[];
  /**
   * Changes DynamoDB cannot make in place, each with what to do instead. `changes` still lists every
   * other difference, but apply runs none of them while any refusal exists.
   */
  refusals: string[];
  /** The live table's ARN (its account is where the command writes). */
  arn?: string;
  /** Settings the endpoint cannot report or change, said plainly instead of pretending they are in sync. */
  notices: string[];
}

export interface DiffOptions {
  pruneIndexes?: boolean;
  tableName?: string;
}

export function diff(live: LiveTable | undefined, desired: TableSchema, options: DiffOptions = {}): Plan {
  const table = options.tableName ?? desired.name;
  const plan: Plan = { table, exists: live !== undefined, changes: [], unmanaged: [], refusals: [], notices: [] };
  const add = (step: Step, difference: string) => plan.changes.push({ step, difference });
  if (!live) {
    // CreateTable carries the local indexes, caps, warm throughput and the policy; the rest follows it.
    add({ type: 'create_table', table, input: toCreateTableInput(desired, table) }, 'table does not exist');
    postCreateSteps(desired, table, add);
    return plan;
  }
  const description = live.description;
  if (description.TableArn) plan.arn = description.TableArn;

  // A refusal does not end the diff: verify and plan name every difference, and apply runs none of
  // the changes while any refusal stands.
  refuseImpossibleChanges(description, desired, plan.refusals);

  const prune = options.pruneIndexes ?? false;
  // Indexes leave before a switch to provisioned billing, which needs capacity for every index left.
  const kept = deleteUnwantedIndexes(description, desired, table, prune, plan, add);
  const liveMode = description.BillingModeSummary?.BillingMode ?? 'PROVISIONED';
  if (desired.billing.mode === 'PROVISIONED' && liveMode !== 'PROVISIONED' && kept.length > 0) {
    plan.refusals.push(
      `switching ${table} to provisioned billing needs capacity for every index, and ${kept.join(', ')} ${kept.length === 1 ? 'is' : 'are'} not in the schema: ` +
        'add them to the schema with capacities, or run with --prune-indexes to delete them first',
    );
  } else {
    diffBilling(description, desired, table, add);
  }
  createMissingIndexes(description, desired, table, add);
  diffOnDemandThroughput(description, desired, table, add);
  diffWarmThroughput(description, desired, table, add, plan.notices);
  diffEncryption(description, desired.serverSideEncryption, table, add, plan.notices);

  const liveClass = description.TableClassSummary?.TableClass ?? 'STANDARD';
  if (liveClass !== desired.tableClass) add({ type: 'update_table_class', table, tableClass: desired.tableClass }, `table class: live ${liveClass}, schema ${desired.tableClass}`);

  const liveStream = (description.StreamSpecification?.StreamEnabled ? description.StreamSpecification.StreamViewType : undefined) as StreamViewType | undefined;
  if (liveStream !== desired.stream) {
    const difference = `stream: live ${liveStream ?? 'off'}, schema ${desired.stream ?? 'off'}`;
    // A stream's view type cannot change while it is on: turn it off, then on again.
    if (liveStream && desired.stream) add({ type: 'update_stream', table, viewType: null }, difference);
    add({ type: 'update_stream', table, viewType: desired.stream ?? null }, difference);
  }

  const liveProtection = description.DeletionProtectionEnabled ?? false;
  if (liveProtection !== desired.deletionProtection) {
    add({ type: 'update_deletion_protection', table, enabled: desired.deletionProtection }, `deletion protection: live ${onOff(liveProtection)}, schema ${onOff(desired.deletionProtection)}`);
  }

  diffTimeToLive(live, desired, table, add, plan);

  if (live.pointInTimeRecovery === UNSUPPORTED) {
    plan.notices.push(`point-in-time recovery: not supported by this endpoint (schema: ${onOff(desired.pointInTimeRecovery)}); not checked`);
  } else {
    diffPointInTimeRecovery(live, desired, table, add);
  }
  diffContributorInsights(live, desired, table, add, plan.notices);
  diffResourcePolicy(live, desired, table, add, plan.notices);

  if (live.tags === UNSUPPORTED) {
    plan.notices.push('tags: not supported by this endpoint; not checked');
  } else {
    const liveTags = new Map(live.tags.map((tag) => [tag.key, tag.value]));
    const missing = desired.tags.filter((tag) => liveTags.get(tag.key) !== tag.value);
    if (missing.length > 0) add({ type: 'tag_table', table, tags: missing }, `tags: ${missing.map((tag) => `${tag.key}=${tag.value}`).join(', ')} missing or different`);
    const wanted = new Set(desired.tags.map((tag) => tag.key));
    // aws: tags belong to AWS and cannot be removed.
    const extra = [...liveTags.keys()].filter((key) => !wanted.has(key) && !key.startsWith('aws:'));
    if (extra.length > 0) add({ type: 'untag_table', table, keys: extra }, `tags: ${extra.join(', ')} not in the schema`);
  }
  return plan;
}

const onOff = (value: boolean) => (value ? 'on' : 'off');

/** DynamoDB keeps 35 days unless told otherwise; a schema without a period means that. */
const DEFAULT_RECOVERY_PERIOD_DAYS = 35;

function diffPointInTimeRecovery(live: LiveTable, desired: TableSchema, table: string, add: Add): void {
  const period = desired.recoveryPeriodInDays;
  const withPeriod = period !== undefined ? { recoveryPeriodInDays: period } : {};
  if (live.pointInTimeRecovery !== desired.pointInTimeRecovery) {
    add({ type: 'update_pitr', table, enabled: desired.pointInTimeRecovery, ...(desired.pointInTimeRecovery ? withPeriod : {}) }, `point-in-time recovery: live ${onOff(live.pointInTimeRecovery === true)}, schema ${onOff(desired.pointInTimeRecovery)}`);
    return;
  }
  if (!desired.pointInTimeRecovery) return;
  const livePeriod = live.recoveryPeriodInDays ?? DEFAULT_RECOVERY_PERIOD_DAYS;
  const wantedPeriod = period ?? DEFAULT_RECOVERY_PERIOD_DAYS;
  if (livePeriod !== wantedPeriod) {
    add({ type: 'update_pitr', table, enabled: true, recoveryPeriodInDays: wantedPeriod }, `point-in-time recovery period: live ${livePeriod} days, schema ${wantedPeriod} days`);
  }
}

function refuseImpossibleChanges(description: TableDescription, desired: TableSchema, refusals: string[]): void {
  const wanted = toCreateTableInput(desired);
  const wantedKeys = wanted.KeySchema!;
  if (keyText(description.KeySchema) !== keyText(wantedKeys)) {
    refusals.push(
      `table ${description.TableName} has key ${keyText(description.KeySchema)} but the schema says ${keyText(wantedKeys)}: ` +
        'DynamoDB cannot change a key in place; create a table under a new name with the new key and copy the items over',
    );
  }
  const liveTypes = new Map((description.AttributeDefinitions ?? []).map((a) => [a.AttributeName!, a.AttributeType!]));
  for (const definition of wanted.AttributeDefinitions!) {
    const liveType = liveTypes.get(definition.AttributeName!);
    if (liveType && liveType !== definition.AttributeType) {
      refusals.push(
        `key attribute ${definition.AttributeName} is ${liveType} in the table but ${definition.AttributeType} in the schema: ` +
          'a key attribute keeps its type; use a new attribute name (and a new table or index) instead',
      );
    }
  }
  refuseLocalIndexChanges(description, desired, refusals);
  for (const index of desired.globalSecondaryIndexes) {
    const current = description.GlobalSecondaryIndexes?.find((candidate) => candidate.IndexName === index.name);
    if (!current) continue;
    const problem = indexShapeDifference(current, toKeySchema(index.partitionKey, index.sortKey), index.projection);
    if (problem) {
      refusals.push(
        `index ${index.name} ${problem}: DynamoDB cannot change an index's keys or projection; give the new index a new name (remove the old one with --prune-indexes)`,
      );
    }
  }
}


function diffBilling(description: TableDescription, desired: TableSchema, table: string, add: Add): void {
  const liveMode = description.BillingModeSummary?.BillingMode ?? 'PROVISIONED';
  const billing = desired.billing;
  const indexCapacity = Object.fromEntries(
    desired.globalSecondaryIndexes
      .filter((index) => index.capacity && description.GlobalSecondaryIndexes?.some((current) => current.IndexName === index.name))
      .map((index) => [index.name, index.capacity!]),
  );
  if (liveMode !== billing.mode) {
    add({ type: 'update_billing', table, billing, indexCapacity }, `billing: live ${liveMode}, schema ${billing.mode}`);
    return;
  }
  if (billing.mode !== 'PROVISIONED') return;
  const live = description.ProvisionedThroughput;
  if (live?.ReadCapacityUnits !== billing.readCapacityUnits || live?.WriteCapacityUnits !== billing.writeCapacityUnits) {
    add(
      { type: 'update_billing', table, billing, indexCapacity: {} },
      `capacity: live ${live?.ReadCapacityUnits}/${live?.WriteCapacityUnits}, schema ${billing.readCapacityUnits}/${billing.writeCapacityUnits}`,
    );
  }
  for (const index of desired.globalSecondaryIndexes) {
    const current = description.GlobalSecondaryIndexes?.find((candidate) => candidate.IndexName === index.name)?.ProvisionedThroughput;
    if (!current || !index.capacity) continue;
    if (current.ReadCapacityUnits !== index.capacity.readCapacityUnits || current.WriteCapacityUnits !== index.capacity.writeCapacityUnits) {
      add(
        { type: 'update_index_capacity', table, index: index.name, capacity: index.capacity },
        `index ${index.name} capacity: live ${current.ReadCapacityUnits}/${current.WriteCapacityUnits}, schema ${index.capacity.readCapacityUnits}/${index.capacity.writeCapacityUnits}`,
      );
    }
  }
}

/** Plans deletes with --prune-indexes; otherwise reports the extra indexes. Returns the names kept. */
function deleteUnwantedIndexes(description: TableDescription, desired: TableSchema, table: string, prune: boolean, plan: Plan, add: Add): string[] {
  const wanted = new Set(desired.globalSecondaryIndexes.map((index) => index.name));
  const kept: string[] = [];
  for (const current of description.GlobalSecondaryIndexes ?? []) {
    if (wanted.has(current.IndexName!)) continue;
    if (prune) {
      add({ type: 'delete_index', table, index: current.IndexName! }, `index ${current.IndexName}: exists, not in the schema`);
    } else {
      plan.unmanaged.push(`index ${current.IndexName}: exists, not in the schema (kept; --prune-indexes deletes it)`);
      kept.push(current.IndexName!);
    }
  }
  return kept;
}

function createMissingIndexes(description: TableDescription, desired: TableSchema, table: string, add: Add): void {
  for (const index of desired.globalSecondaryIndexes) {
    if (!description.GlobalSecondaryIndexes?.some((current) => current.IndexName === index.name)) {
      add({ type: 'create_index', table, index }, `index ${index.name}: missing`);
    }
  }
}

function diffEncryption(description: TableDescription, desired: ServerSideEncryption, table: string, add: Add, notices: string[]): void {
  const sse = description.SSEDescription;
  const liveKms = (sse?.Status === 'ENABLED' || sse?.Status === 'ENABLING') && sse.SSEType === 'KMS';
  if (!liveKms && desired.type === 'AWS_OWNED') return;
  if (liveKms !== (desired.type === 'KMS')) {
    add({ type: 'update_sse', table, sse: desired }, `encryption: live ${liveKms ? 'KMS' : 'AWS owned key'}, schema ${desired.type === 'KMS' ? 'KMS' : 'AWS owned key'}`);
    return;
  }
  if (desired.type !== 'KMS') return;
  const liveKey = sse?.KMSMasterKeyArn ?? '';
  if (!desired.kmsKeyId) {
    // The AWS managed key is itself a key/<uuid> ARN: telling it from a customer key needs KMS, which apply does not call.
    if (liveKey) notices.push(`encryption: the schema names the AWS managed key (no kmsKeyId) and the table uses key ${liveKey}; which key that is is not resolved, so it is not compared`);
    return;
  }
  if (KMS_ALIAS.test(desired.kmsKeyId)) {
    notices.push(`encryption: the schema names KMS alias ${desired.kmsKeyId} and the table uses key ${liveKey || '(unreported)'}; aliases are not resolved, so the key is not compared`);
  } else if (liveKey !== desired.kmsKeyId && !liveKey.endsWith(`/${desired.kmsKeyId}`)) {
    add({ type: 'update_sse', table, sse: desired }, `encryption key: live ${liveKey || '(unreported)'}, schema ${desired.kmsKeyId}`);
  }
}

/** An alias name or an alias ARN: DynamoDB reports the key ARN it resolves to, never the alias. */
const KMS_ALIAS = /^(?:alias\/|arn:[^:]+:kms:[^:]*:\d{12}:alias\/)/;

function diffTimeToLive(live: LiveTable, desired: TableSchema, table: string, add: Add, plan: Plan): void {
  const { notices } = plan;
  const wanted = desired.timeToLiveAttribute;
  if (live.timeToLive === UNSUPPORTED) {
    notices.push(`TTL: not supported by this endpoint (schema: ${wanted ? `on ${wanted}` : 'off'}); not checked`);
    return;
  }
  const current = live.timeToLive;
  if (current.enabled && current.attribute === wanted) return;
  if (!current.enabled && !wanted && current.status !== 'DISABLING') return;
  const difference = `TTL: live ${current.enabled ? `on ${current.attribute}` : current.status === 'DISABLING' ? 'turning off' : 'off'}, schema ${wanted ? `on ${wanted}` : 'off'}`;
  if (current.enabled) {
    add({ type: 'update_ttl', table, enabled: false, attribute: current.attribute! }, difference);
    // DynamoDB takes one TTL change per table per hour: the enable must wait for a later run.
    if (wanted) notices.push(`TTL: after disabling it on ${current.attribute}, run apply again to enable it on ${wanted} (DynamoDB allows one TTL change per table per hour)`);
  } else if (current.status === 'DISABLING') {
    // Not in sync (verify exits 2), but nothing apply can do yet: shown beside the plan, not as a step.
    if (wanted) plan.unmanaged.push(`${difference}: run apply again to enable it on ${wanted} once it is DISABLED (up to an hour)`);
  } else if (wanted) {
    add({ type: 'update_ttl', table, enabled: true, attribute: wanted }, difference);
  }
}
