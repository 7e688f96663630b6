import type { OnDemandThroughput, Projection, TableSchema, WarmThroughput } from '@ddb-migrations/core';

const TYPE_LABELS: Record<string, string> = { S: 'String', N: 'Number', B: 'Binary' };
const code = (value: string) => `\`${value}\``;

const projectionText = (projection: Projection) =>
  projection.type === 'INCLUDE' ? `Include, with ${projection.nonKeyAttributes.map(code).join(', ')}` : projection.type === 'ALL' ? 'All' : 'Only keys';

/** The console's fields for an on-demand cap; an uncapped member is left empty. */
function capText(cap: OnDemandThroughput | undefined): string {
  if (!cap) return '';
  const members = [
    ...(cap.maxReadRequestUnits !== undefined ? [`maximum read request units ${cap.maxReadRequestUnits}`] : []),
    ...(cap.maxWriteRequestUnits !== undefined ? [`maximum write request units ${cap.maxWriteRequestUnits}`] : []),
  ];
  return members.join(', ');
}

/** The console's "Increase warm throughput" fields; a member left to DynamoDB is left empty. */
function warmText(warm: WarmThroughput | undefined): string {
  if (!warm) return '';
  const members = [
    ...(warm.readUnitsPerSecond !== undefined ? [`${warm.readUnitsPerSecond} read units per second`] : []),
    ...(warm.writeUnitsPerSecond !== undefined ? [`${warm.writeUnitsPerSecond} write units per second`] : []),
  ];
  return `increase warm throughput to ${members.join(' and ')}`;
}

const sentence = (text: string) => (text ? ` ${text[0]!.toUpperCase()}${text.slice(1)}.` : '');

/** Numbered steps for creating the table by hand in the DynamoDB console, in the console's order. */
export function consoleStepsOf(table: TableSchema): string[] {
  const steps = [
    'Open the DynamoDB console > Tables > Create table.',
    `Table name: ${code(table.name)}. Partition key: ${code(table.partitionKey.name)}, ${TYPE_LABELS[table.partitionKey.type]}. ` +
      (table.sortKey ? `Sort key: ${code(table.sortKey.name)}, ${TYPE_LABELS[table.sortKey.type]}.` : 'No sort key.'),
    `Table settings: Customize settings. Table class: ${table.tableClass === 'STANDARD' ? 'DynamoDB Standard' : 'DynamoDB Standard-IA'}. ` +
      (table.billing.mode === 'PAY_PER_REQUEST'
        ? 'Capacity mode: On-demand.'
        : `Capacity mode: Provisioned, auto scaling off, ${table.billing.readCapacityUnits} read and ${table.billing.writeCapacityUnits} write units.`) +
      sentence(capText(table.onDemandThroughput) && `maximum table throughput: ${capText(table.onDemandThroughput)}`) +
      sentence(warmText(table.warmThroughput)),
  ];
  for (const index of table.globalSecondaryIndexes) {
    const extras = [capText(index.onDemandThroughput), warmText(index.warmThroughput)].filter(Boolean);
    steps.push(
      `Secondary indexes > Create global index: partition key ${code(index.partitionKey.name)} (${TYPE_LABELS[index.partitionKey.type]}), ` +
        (index.sortKey ? `sort key ${code(index.sortKey.name)} (${TYPE_LABELS[index.sortKey.type]}), ` : 'no sort key, ') +
        `name ${code(index.name)}, attribute projections: ${projectionText(index.projection)}` +
        (index.capacity ? `, ${index.capacity.readCapacityUnits} read and ${index.capacity.writeCapacityUnits} write units` : '') +
        extras.map((extra) => `, ${extra}`).join('') +
        '.',
    );
  }
  // Local indexes exist only if made here, with the table: the console cannot add one later.
  for (const index of table.localSecondaryIndexes) {
    steps.push(
      `Secondary indexes > Create local index: sort key ${code(index.sortKey.name)} (${TYPE_LABELS[index.sortKey.type]}), ` +
        `name ${code(index.name)}, attribute projections: ${projectionText(index.projection)}.`,
    );
  }
  const sse = table.serverSideEncryption;
  steps.push(
    `Encryption at rest: ${sse.type === 'AWS_OWNED' ? 'Owned by Amazon DynamoDB' : sse.kmsKeyId ? `Stored in your account, key ${code(sse.kmsKeyId)}` : 'AWS managed key (aws/dynamodb)'}.` +
      (table.deletionProtection ? ' Deletion protection: on.' : '') +
      (table.tags.length > 0 ? ` Tags: ${table.tags.map((tag) => code(`${tag.key}=${tag.value}`)).join(', ')}.` : ''),
    'Create table, and wait until its status is Active.',
  );
  if (table.timeToLiveAttribute) steps.push(`Additional settings > Time to Live (TTL) > Turn on, TTL attribute name ${code(table.timeToLiveAttribute)}.`);
  if (table.pointInTimeRecovery) {
    const period = table.recoveryPeriodInDays === undefined ? '' : `, backup recovery period ${table.recoveryPeriodInDays} days`;
    steps.push(`Backups > Point-in-time recovery (PITR) > Edit > Turn on${period}.`);
  }
  const insights = [...(table.contributorInsights ? ['the table'] : []), ...table.globalSecondaryIndexes.filter((index) => index.contributorInsights).map((index) => `the index ${code(index.name)}`)];
  if (insights.length > 0) steps.push(`Monitor > CloudWatch Contributor Insights > Edit > Turn on, for ${insights.join(' and ')}.`);
  if (table.resourcePolicy) steps.push('Permissions > Resource-based policy for table > Create table policy: paste the policy shown above for this table.');
  if (table.stream) steps.push(`Exports and streams > DynamoDB stream details > Turn on, view type ${table.stream}.`);
  return steps.map((step, index) => `${index + 1}. ${step}`);
}
