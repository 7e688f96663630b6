import type { TableSchema } from '@ddb-migrations/core';

const TYPE_LABELS: Record<string, string> = { S: 'String', N: 'Number', B: 'Binary' };
const code = (value: string) => `\`${value}\``;

/** Numbered steps for creating the table by hand in the DynamoDB console, in the console's order. */
export function consoleStepsOf(table: TableSchema): string[] {
  const steps = [
    'Open the DynamoDB console > Tables > Create table.',
    `Table name: ${code(table.name)}. Partition key: ${code(table.partitionKey.name)}, ${TYPE_LABELS[table.partitionKey.type]}. ` +
      (table.sortKey ? `Sort key: ${code(table.sortKey.name)}, ${TYPE_LABELS[table.sortKey.type]}.` : 'No sort key.'),
    `Table settings: Customize settings. Table class: ${table.tableClass === 'STANDARD' ? 'DynamoDB Standard' : 'DynamoDB Standard-IA'}. ` +
      (table.billing.mode === 'PAY_PER_REQUEST'
        ? 'Capacity mode: On-demand.'
        : `Capacity mode: Provisioned, auto scaling off, ${table.billing.readCapacityUnits} read and ${table.billing.writeCapacityUnits} write units.`),
  ];
  for (const index of table.globalSecondaryIndexes) {
    const projection = index.projection.type === 'INCLUDE'
      ? `Include, with ${index.projection.nonKeyAttributes.map(code).join(', ')}`
      : index.projection.type === 'ALL' ? 'All' : 'Only keys';
    steps.push(
      `Secondary indexes > Create global index: partition key ${code(index.partitionKey.name)} (${TYPE_LABELS[index.partitionKey.type]}), ` +
        (index.sortKey ? `sort key ${code(index.sortKey.name)} (${TYPE_LABELS[index.sortKey.type]}), ` : 'no sort key, ') +
        `name ${code(index.name)}, attribute projections: ${projection}` +
        (index.capacity ? `, ${index.capacity.readCapacityUnits} read and ${index.capacity.writeCapacityUnits} write units.` : '.'),
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
  if (table.pointInTimeRecovery) steps.push('Backups > Point-in-time recovery (PITR) > Edit > Turn on.');
  if (table.stream) steps.push(`Exports and streams > DynamoDB stream details > Turn on, view type ${table.stream}.`);
  return steps.map((step, index) => `${index + 1}. ${step}`);
}
