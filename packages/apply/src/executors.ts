/** One executor per step type: each makes exactly the write call its step describes. */
import {
  CreateTableCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateContinuousBackupsCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
  type UpdateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { toGlobalSecondaryIndex } from '@ddb-migrations/core';
import type { Step, StepType } from './steps.js';

export interface ExecutionContext {
  client: DynamoDBClient;
  /** The table's ARN, for the tagging calls; read before the first tag step. */
  tableArn: () => Promise<string>;
  signal?: AbortSignal;
}

type Executor<T extends StepType> = (step: Extract<Step, { type: T }>, context: ExecutionContext) => Promise<void>;

const updateTable = async (context: ExecutionContext, input: UpdateTableCommandInput) => {
  await context.client.send(new UpdateTableCommand(input), { abortSignal: context.signal });
};

const executors: { [T in StepType]: Executor<T> } = {
  create_table: async (step, context) => {
    await context.client.send(new CreateTableCommand(step.input), { abortSignal: context.signal });
  },
  update_billing: (step, context) =>
    updateTable(context, {
      TableName: step.table,
      BillingMode: step.billing.mode,
      ...(step.billing.mode === 'PROVISIONED'
        ? { ProvisionedThroughput: { ReadCapacityUnits: step.billing.readCapacityUnits, WriteCapacityUnits: step.billing.writeCapacityUnits } }
        : {}),
      ...(Object.keys(step.indexCapacity).length > 0
        ? {
            GlobalSecondaryIndexUpdates: Object.entries(step.indexCapacity).map(([name, capacity]) => ({
              Update: { IndexName: name, ProvisionedThroughput: { ReadCapacityUnits: capacity.readCapacityUnits, WriteCapacityUnits: capacity.writeCapacityUnits } },
            })),
          }
        : {}),
    }),
  update_index_capacity: (step, context) =>
    updateTable(context, {
      TableName: step.table,
      GlobalSecondaryIndexUpdates: [
        { Update: { IndexName: step.index, ProvisionedThroughput: { ReadCapacityUnits: step.capacity.readCapacityUnits, WriteCapacityUnits: step.capacity.writeCapacityUnits } } },
      ],
    }),
  create_index: (step, context) => {
    const keys = [step.index.partitionKey, step.index.sortKey].filter((key) => key !== undefined);
    return updateTable(context, {
      TableName: step.table,
      AttributeDefinitions: keys.map((key) => ({ AttributeName: key.name, AttributeType: key.type })),
      GlobalSecondaryIndexUpdates: [{ Create: toGlobalSecondaryIndex(step.index) }],
    });
  },
  delete_index: (step, context) => updateTable(context, { TableName: step.table, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: step.index } }] }),
  update_ttl: async (step, context) => {
    await context.client.send(
      new UpdateTimeToLiveCommand({ TableName: step.table, TimeToLiveSpecification: { Enabled: step.enabled, AttributeName: step.attribute } }),
      { abortSignal: context.signal },
    );
  },
  update_pitr: async (step, context) => {
    await context.client.send(
      new UpdateContinuousBackupsCommand({ TableName: step.table, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: step.enabled } }),
      { abortSignal: context.signal },
    );
  },
  update_deletion_protection: (step, context) => updateTable(context, { TableName: step.table, DeletionProtectionEnabled: step.enabled }),
  update_sse: (step, context) =>
    updateTable(context, {
      TableName: step.table,
      SSESpecification:
        step.sse.type === 'KMS'
          ? { Enabled: true, SSEType: 'KMS', ...(step.sse.kmsKeyId ? { KMSMasterKeyId: step.sse.kmsKeyId } : {}) }
          : { Enabled: false },
    }),
  update_table_class: (step, context) => updateTable(context, { TableName: step.table, TableClass: step.tableClass }),
  update_stream: (step, context) =>
    updateTable(context, {
      TableName: step.table,
      StreamSpecification: step.viewType ? { StreamEnabled: true, StreamViewType: step.viewType } : { StreamEnabled: false },
    }),
  tag_table: async (step, context) => {
    await context.client.send(
      new TagResourceCommand({ ResourceArn: await context.tableArn(), Tags: step.tags.map((tag) => ({ Key: tag.key, Value: tag.value })) }),
      { abortSignal: context.signal },
    );
  },
  untag_table: async (step, context) => {
    await context.client.send(new UntagResourceCommand({ ResourceArn: await context.tableArn(), TagKeys: step.keys }), { abortSignal: context.signal });
  },
};

export function executeStep(step: Step, context: ExecutionContext): Promise<void> {
  return (executors[step.type] as Executor<typeof step.type>)(step as never, context);
}

/** Every DynamoDB command the executors can send; a test checks none deletes or replaces a table. */
export const WRITE_COMMANDS = [
  CreateTableCommand, UpdateTableCommand, UpdateTimeToLiveCommand, UpdateContinuousBackupsCommand, TagResourceCommand, UntagResourceCommand,
] as const;
