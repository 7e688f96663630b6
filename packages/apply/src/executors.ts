/** One executor per step type: each makes exactly the write call its step describes. */
import {
  CreateTableCommand,
  DeleteResourcePolicyCommand,
  PutResourcePolicyCommand,
  UpdateContributorInsightsCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateContinuousBackupsCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
  type UpdateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { toGlobalSecondaryIndex, toResourcePolicyJson, toWarmThroughput } from '@ddb-migrations/core';
import type { Step, StepType } from './steps.js';
import { waitForContributorInsights, waitForResourcePolicy } from './wait-settings.js';

export interface ExecutionContext {
  client: DynamoDBClient;
  /** The table's ARN, for the tagging calls; read before the first tag step. */
  tableArn: () => Promise<string>;
  signal?: AbortSignal;
  /** Milliseconds left of the run's deadline, for the steps that wait for their own setting to settle. */
  remainingMs: () => number;
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
      new UpdateContinuousBackupsCommand({
        TableName: step.table,
        PointInTimeRecoverySpecification: {
          PointInTimeRecoveryEnabled: step.enabled,
          ...(step.recoveryPeriodInDays !== undefined ? { RecoveryPeriodInDays: step.recoveryPeriodInDays } : {}),
        },
      }),
      { abortSignal: context.signal },
    );
  },
  update_on_demand_throughput: (step, context) => {
    const OnDemandThroughput = { MaxReadRequestUnits: step.throughput.maxReadRequestUnits, MaxWriteRequestUnits: step.throughput.maxWriteRequestUnits };
    return updateTable(
      context,
      step.index
        ? { TableName: step.table, GlobalSecondaryIndexUpdates: [{ Update: { IndexName: step.index, OnDemandThroughput } }] }
        : { TableName: step.table, OnDemandThroughput },
    );
  },
  update_warm_throughput: (step, context) => {
    const WarmThroughput = toWarmThroughput(step.warmThroughput);
    return updateTable(
      context,
      step.index
        ? { TableName: step.table, GlobalSecondaryIndexUpdates: [{ Update: { IndexName: step.index, WarmThroughput } }] }
        : { TableName: step.table, WarmThroughput },
    );
  },
  update_contributor_insights: async (step, context) => {
    await context.client.send(
      new UpdateContributorInsightsCommand({ TableName: step.table, ...(step.index ? { IndexName: step.index } : {}), ContributorInsightsAction: step.enabled ? 'ENABLE' : 'DISABLE' }),
      { abortSignal: context.signal },
    );
    await waitForContributorInsights(context.client, step, { timeoutMs: context.remainingMs(), signal: context.signal });
  },
  put_resource_policy: async (step, context) => {
    const arn = await context.tableArn();
    await context.client.send(new PutResourcePolicyCommand({ ResourceArn: arn, Policy: toResourcePolicyJson(step.policy) }), { abortSignal: context.signal });
    // GetResourcePolicy is eventually consistent: wait until it shows the policy, so the re-plan does not put it again.
    await waitForResourcePolicy(context.client, step.table, arn, step.policy, { timeoutMs: context.remainingMs(), signal: context.signal });
  },
  delete_resource_policy: async (step, context) => {
    const arn = await context.tableArn();
    await context.client.send(new DeleteResourcePolicyCommand({ ResourceArn: arn }), { abortSignal: context.signal });
    await waitForResourcePolicy(context.client, step.table, arn, undefined, { timeoutMs: context.remainingMs(), signal: context.signal });
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
  UpdateContributorInsightsCommand, PutResourcePolicyCommand, DeleteResourcePolicyCommand,
] as const;
