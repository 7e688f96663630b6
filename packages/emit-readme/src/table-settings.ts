/**
 * The settings a table's section of the README lists. A setting added by issue 14 shows only when
 * the schema uses it: a schema that does not (the built-in one) renders exactly as before, like its
 * scripts and templates.
 */
import type { GlobalSecondaryIndex, JsonObject, OnDemandThroughput, TableSchema, WarmThroughput } from '@ddb-migrations/core';
import { cellCodeSpan } from './markdown.js';

export const TYPE_NAMES: Record<string, string> = {
  S: 'String', N: 'Number', B: 'Binary', BOOL: 'Boolean', M: 'Map', L: 'List', SS: 'String set', NS: 'Number set', BS: 'Binary set', NULL: 'Null',
};

export const keyText = (key: { name: string; type: string } | undefined) => (key ? `${cellCodeSpan(key.name)} (${TYPE_NAMES[key.type]})` : 'none');

const projectionText = (projection: TableSchema['localSecondaryIndexes'][number]['projection']) =>
  projection.type === 'INCLUDE' ? `INCLUDE ${projection.nonKeyAttributes.map(cellCodeSpan).join(', ')}` : projection.type;

/** "200 read / uncapped write request units per second": a missing member has no cap. */
export function onDemandText(cap: OnDemandThroughput): string {
  const member = (value: number | undefined) => (value === undefined ? 'uncapped' : String(value));
  return `at most ${member(cap.maxReadRequestUnits)} read / ${member(cap.maxWriteRequestUnits)} write request units per second`;
}

/** Warm throughput is a floor DynamoDB may raise on its own; a missing member is left to DynamoDB. */
export function warmText(warm: WarmThroughput): string {
  const member = (value: number | undefined) => (value === undefined ? "DynamoDB's default" : String(value));
  return `at least ${member(warm.readUnitsPerSecond)} read / ${member(warm.writeUnitsPerSecond)} write units per second`;
}

const onOff = (on: boolean) => (on ? 'on' : 'off');

export function settingsOf(table: TableSchema): { label: string; value: string }[] {
  const billing = table.billing.mode === 'PAY_PER_REQUEST'
    ? 'On-demand (`PAY_PER_REQUEST`)'
    : `Provisioned: ${table.billing.readCapacityUnits} read / ${table.billing.writeCapacityUnits} write units`;
  const sse = table.serverSideEncryption;
  const pointInTimeRecovery = table.pointInTimeRecovery && table.recoveryPeriodInDays !== undefined ? `on, restorable to any point in the last ${table.recoveryPeriodInDays} days` : onOff(table.pointInTimeRecovery);
  const anyInsights = table.contributorInsights || table.globalSecondaryIndexes.some((index) => index.contributorInsights);
  return [
    { label: 'Partition key', value: keyText(table.partitionKey) },
    { label: 'Sort key', value: keyText(table.sortKey) },
    { label: 'Billing', value: billing },
    ...(table.onDemandThroughput ? [{ label: 'Maximum on-demand throughput', value: onDemandText(table.onDemandThroughput) }] : []),
    ...(table.warmThroughput ? [{ label: 'Warm throughput', value: warmText(table.warmThroughput) }] : []),
    { label: 'Time to live', value: table.timeToLiveAttribute ? `on, attribute ${cellCodeSpan(table.timeToLiveAttribute)}` : 'off' },
    { label: 'Point-in-time recovery', value: pointInTimeRecovery },
    ...(anyInsights ? [{ label: 'CloudWatch Contributor Insights', value: onOff(table.contributorInsights) }] : []),
    { label: 'Deletion protection', value: onOff(table.deletionProtection) },
    { label: 'Encryption at rest', value: sse.type === 'AWS_OWNED' ? 'AWS owned key' : sse.kmsKeyId ? `KMS key ${cellCodeSpan(sse.kmsKeyId)}` : 'AWS managed KMS key' },
    { label: 'Table class', value: cellCodeSpan(table.tableClass) },
    { label: 'Stream', value: table.stream ? cellCodeSpan(table.stream) : 'off' },
    { label: 'Tags', value: table.tags.length > 0 ? table.tags.map((tag) => cellCodeSpan(`${tag.key}=${tag.value}`)).join(', ') : 'none' },
    ...(table.resourcePolicy ? [{ label: 'Resource-based policy', value: 'attached (below)' }] : []),
  ];
}

/** Columns the global index table gains only when one of its indexes uses the setting. */
const INDEX_COLUMNS: { header: string; uses(index: GlobalSecondaryIndex): boolean; cell(index: GlobalSecondaryIndex): string }[] = [
  { header: 'Maximum on-demand throughput', uses: (index) => index.onDemandThroughput !== undefined, cell: (index) => (index.onDemandThroughput ? onDemandText(index.onDemandThroughput) : 'uncapped') },
  { header: 'Warm throughput', uses: (index) => index.warmThroughput !== undefined, cell: (index) => (index.warmThroughput ? warmText(index.warmThroughput) : "DynamoDB's default") },
  { header: 'Contributor Insights', uses: (index) => index.contributorInsights, cell: (index) => onOff(index.contributorInsights) },
];

export function globalIndexesView(table: TableSchema) {
  const columns = INDEX_COLUMNS.filter((column) => table.globalSecondaryIndexes.some(column.uses));
  return {
    indexColumns: columns.map((column) => column.header),
    indexes: table.globalSecondaryIndexes.map((index) => ({
      name: cellCodeSpan(index.name),
      partitionKey: keyText(index.partitionKey),
      sortKey: keyText(index.sortKey),
      projection: projectionText(index.projection),
      extra: columns.map((column) => column.cell(index)),
    })),
  };
}

export const localIndexesView = (table: TableSchema) =>
  table.localSecondaryIndexes.map((index) => ({ name: cellCodeSpan(index.name), sortKey: keyText(index.sortKey), projection: projectionText(index.projection) }));

/**
 * The policy document as a fenced JSON block. Every line of pretty JSON starts with a space or a
 * bracket, so no line inside can close the fence; non-ASCII is written as JSON escapes, so the README
 * stays ASCII and the JSON stays the same document.
 */
export function policyBlock(policy: JsonObject | undefined): string[] {
  if (!policy) return [];
  const json = JSON.stringify(policy, null, 2).replace(/[^\x20-\x7e\n]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return ['```json\n' + json + '\n```'];
}
