/**
 * The diff of the settings issue 14 added: local secondary indexes (create-time only, so refused),
 * on-demand caps and warm throughput (UpdateTable, table and each index), contributor insights
 * (UpdateContributorInsights) and the resource-based policy (Put/DeleteResourcePolicy). Each
 * difference is one step, so `plan` shows one in-place change per setting changed.
 */
import type { GlobalSecondaryIndexDescription, KeySchemaElement, Projection as SdkProjection, TableDescription } from '@aws-sdk/client-dynamodb';
import { toKeySchema, type GlobalSecondaryIndex, type JsonValue, type OnDemandThroughput, type Projection, type TableSchema, type WarmThroughput } from '@ddb-migrations/core';
import { liveOnDemandThroughput, liveWarmThroughput, UNSUPPORTED, type LiveTable } from './live.js';
import { warmText, type Step } from './steps.js';

export type Add = (step: Step, difference: string) => void;

export const keyText = (keys: { AttributeName?: string; KeyType?: string }[] | undefined) =>
  (keys ?? []).map((key) => `${key.AttributeName} (${key.KeyType})`).join(' + ') || 'none';

/** How a live index differs from the schema's in what DynamoDB cannot change: its keys or its projection. */
export function indexShapeDifference(
  live: { KeySchema?: KeySchemaElement[]; Projection?: SdkProjection },
  wantedKeys: KeySchemaElement[],
  wantedProjection: Projection,
): string | undefined {
  if (keyText(live.KeySchema) !== keyText(wantedKeys)) return `has key ${keyText(live.KeySchema)} but the schema says ${keyText(wantedKeys)}`;
  const liveProjection = live.Projection?.ProjectionType ?? 'ALL';
  if (liveProjection !== wantedProjection.type) return `projects ${liveProjection} but the schema says ${wantedProjection.type}`;
  if (wantedProjection.type === 'INCLUDE') {
    const liveAttributes = [...(live.Projection?.NonKeyAttributes ?? [])].sort().join(', ');
    const wantedAttributes = [...wantedProjection.nonKeyAttributes].sort().join(', ');
    if (liveAttributes !== wantedAttributes) return `includes ${liveAttributes || 'nothing'} but the schema says ${wantedAttributes}`;
  }
  return undefined;
}

const LOCAL_INDEX_ADVICE =
  'DynamoDB sets local secondary indexes only when it creates a table; create a table under a new name with the indexes you want and copy the items over, or use a global secondary index, which can be added in place';

/** Every added, removed or changed local secondary index, refused before any call. */
export function refuseLocalIndexChanges(description: TableDescription, desired: TableSchema, refusals: string[]): void {
  const live = new Map((description.LocalSecondaryIndexes ?? []).map((index) => [index.IndexName!, index]));
  const wanted = new Set(desired.localSecondaryIndexes.map((index) => index.name));
  for (const index of desired.localSecondaryIndexes) {
    const current = live.get(index.name);
    const problem = current ? indexShapeDifference(current, toKeySchema(desired.partitionKey, index.sortKey), index.projection) : 'is in the schema but not on the table';
    if (problem) refusals.push(`local secondary index ${index.name} ${problem}: ${LOCAL_INDEX_ADVICE}`);
  }
  for (const name of live.keys()) {
    if (!wanted.has(name)) refusals.push(`local secondary index ${name} is on the table but not in the schema: ${LOCAL_INDEX_ADVICE}`);
  }
}

/** Each index of the schema that the table already has, with its live description (a missing one is created first). */
function forEachLiveIndex(
  description: TableDescription,
  desired: TableSchema,
  visit: (current: GlobalSecondaryIndexDescription, index: GlobalSecondaryIndex) => void,
): void {
  for (const index of desired.globalSecondaryIndexes) {
    const current = description.GlobalSecondaryIndexes?.find((candidate) => candidate.IndexName === index.name);
    if (current) visit(current, index);
  }
}

const capsText = (caps: OnDemandThroughput) =>
  `${caps.maxReadRequestUnits ?? 'no maximum'} read / ${caps.maxWriteRequestUnits ?? 'no maximum'} write`;

/** On-demand caps of the table and of each index that exists, for a PAY_PER_REQUEST schema. */
export function diffOnDemandThroughput(description: TableDescription, desired: TableSchema, table: string, add: Add): void {
  if (desired.billing.mode !== 'PAY_PER_REQUEST') return;
  const compare = (live: OnDemandThroughput, wanted: OnDemandThroughput | undefined, index?: string) => {
    const want = wanted ?? {};
    if (live.maxReadRequestUnits === want.maxReadRequestUnits && live.maxWriteRequestUnits === want.maxWriteRequestUnits) return;
    add(
      { type: 'update_on_demand_throughput', table, ...(index ? { index } : {}), throughput: { maxReadRequestUnits: want.maxReadRequestUnits ?? -1, maxWriteRequestUnits: want.maxWriteRequestUnits ?? -1 } },
      `${index ? `index ${index} ` : ''}on-demand maximum: live ${capsText(live)}, schema ${capsText(want)}`,
    );
  };
  compare(liveOnDemandThroughput(description), desired.onDemandThroughput);
  forEachLiveIndex(description, desired, (current, index) => compare(liveOnDemandThroughput(current), index.onDemandThroughput, index.name));
}

/**
 * Warm throughput only goes up, and DynamoDB raises it on its own: a live value at or above the
 * schema's is in sync; below it is one increase of the members that are short. A schema below the
 * live value is said (it cannot be lowered) but is not a difference.
 */
export function diffWarmThroughput(description: TableDescription, desired: TableSchema, table: string, add: Add, notices: string[]): void {
  const compare = (of: Parameters<typeof liveWarmThroughput>[0], wanted: WarmThroughput | undefined, index?: string) => {
    if (!wanted) return;
    const label = `${index ? `index ${index} ` : ''}warm throughput`;
    const live = liveWarmThroughput(of);
    if (live === UNSUPPORTED) {
      notices.push(`${label}: not reported by this endpoint (schema: ${warmText(wanted)}); not checked`);
      return;
    }
    // The target keeps every member at least where it is: moto replaces the whole WarmThroughput with
    // what it is sent, and a lower member would be a decrease DynamoDB refuses.
    const target: WarmThroughput = {};
    let short = false;
    const lower: string[] = [];
    for (const [member, word] of [['readUnitsPerSecond', 'read'], ['writeUnitsPerSecond', 'write']] as const) {
      const want = wanted[member];
      const have = live[member];
      if (want !== undefined && (have ?? 0) < want) short = true;
      if (want !== undefined && have !== undefined && have > want) lower.push(`${word} ${have} > ${want}`);
      const keep = Math.max(have ?? 0, want ?? 0);
      if (keep > 0) target[member] = keep;
    }
    if (lower.length > 0) {
      notices.push(`${label}: live is above the schema (${lower.join(', ')}); warm throughput cannot be decreased, so this is not attempted and counts as in sync`);
    }
    if (short) {
      add({ type: 'update_warm_throughput', table, ...(index ? { index } : {}), warmThroughput: target }, `${label}: live ${warmText(live)}, schema ${warmText(wanted)}`);
    }
  };
  compare(description, desired.warmThroughput);
  forEachLiveIndex(description, desired, (current, index) => compare(current, index.warmThroughput, index.name));
}

const onOff = (value: boolean) => (value ? 'on' : 'off');

/** ENABLING counts as on and DISABLING as off (apply waits them out); FAILED is off, so apply enables again. */
const insightsOn = (status: string) => status === 'ENABLED' || status === 'ENABLING';

/**
 * Contributor insights of the table and of each index in the schema. An index the plan is about to
 * create has none yet: its step comes after the create.
 */
export function diffContributorInsights(live: LiveTable, desired: TableSchema, table: string, add: Add, notices: string[]): void {
  const wanted = [{ index: undefined as string | undefined, enabled: desired.contributorInsights }, ...desired.globalSecondaryIndexes.map((index) => ({ index: index.name, enabled: index.contributorInsights }))];
  if (live.contributorInsights === UNSUPPORTED) {
    const on = wanted.filter((entry) => entry.enabled).map((entry) => (entry.index ? `index ${entry.index}` : 'table'));
    notices.push(`contributor insights: not supported by this endpoint (schema: ${on.length > 0 ? `on for ${on.join(', ')}` : 'off'}); not checked`);
    return;
  }
  const statuses = live.contributorInsights;
  for (const { index, enabled } of wanted) {
    const status = index ? statuses.indexes[index] : statuses.table;
    if (status === undefined) {
      // The index is missing from the table: create_index is planned before this.
      if (enabled) add({ type: 'update_contributor_insights', table, index: index!, enabled }, `index ${index} contributor insights: new index, schema on`);
      continue;
    }
    if (insightsOn(status) !== enabled) {
      add({ type: 'update_contributor_insights', table, ...(index ? { index } : {}), enabled }, `${index ? `index ${index} ` : ''}contributor insights: live ${status === 'FAILED' ? 'FAILED' : onOff(insightsOn(status))}, schema ${onOff(enabled)}`);
    }
  }
}

/** The same JSON value, whatever the order of object keys (DynamoDB may re-serialise a policy). */
export function sameJson(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  }
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => key in b && sameJson(a[key], b[key]));
}

export function diffResourcePolicy(live: LiveTable, desired: TableSchema, table: string, add: Add, notices: string[]): void {
  const wanted = desired.resourcePolicy;
  if (live.resourcePolicy === UNSUPPORTED) {
    notices.push(`resource-based policy: not supported by this endpoint (schema: ${wanted ? 'a policy' : 'none'}); not checked`);
    return;
  }
  const current = live.resourcePolicy;
  if (wanted && !sameJson(current, wanted)) {
    add({ type: 'put_resource_policy', table, policy: wanted }, `resource-based policy: live ${current ? 'a different policy' : 'none'}, schema a policy`);
  } else if (!wanted && current) {
    add({ type: 'delete_resource_policy', table }, 'resource-based policy: live a policy, schema none');
  }
}

/** The steps after CreateTable for what it does not take: TTL, PITR (with its period), contributor insights. */
export function postCreateSteps(desired: TableSchema, table: string, add: Add): void {
  if (desired.timeToLiveAttribute) add({ type: 'update_ttl', table, enabled: true, attribute: desired.timeToLiveAttribute }, 'TTL: off, schema on');
  if (desired.pointInTimeRecovery) {
    const period = desired.recoveryPeriodInDays;
    add({ type: 'update_pitr', table, enabled: true, ...(period !== undefined ? { recoveryPeriodInDays: period } : {}) }, 'point-in-time recovery: off, schema on');
  }
  if (desired.contributorInsights) add({ type: 'update_contributor_insights', table, enabled: true }, 'contributor insights: off, schema on');
  for (const index of desired.globalSecondaryIndexes) {
    if (index.contributorInsights) add({ type: 'update_contributor_insights', table, index: index.name, enabled: true }, `index ${index.name} contributor insights: off, schema on`);
  }
}
