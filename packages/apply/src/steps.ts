/**
 * The typed steps a plan is made of. The same list is printed by `plan`, serialized by `plan --json`
 * and executed by `apply`, so what is shown is exactly what runs.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { Billing, GlobalSecondaryIndex, JsonObject, ProvisionedCapacity, ServerSideEncryption, StreamViewType, TableClass, Tag, WarmThroughput } from '@ddb-migrations/core';

/** On-demand caps as UpdateTable takes them: -1 is "no maximum" (how a live cap is removed). */
export interface OnDemandCaps {
  maxReadRequestUnits: number;
  maxWriteRequestUnits: number;
}

export type Step =
  | { type: 'create_table'; table: string; input: CreateTableCommandInput }
  | { type: 'update_billing'; table: string; billing: Billing; indexCapacity: Record<string, ProvisionedCapacity> }
  | { type: 'update_index_capacity'; table: string; index: string; capacity: ProvisionedCapacity }
  | { type: 'create_index'; table: string; index: GlobalSecondaryIndex }
  | { type: 'delete_index'; table: string; index: string }
  | { type: 'update_ttl'; table: string; enabled: boolean; attribute: string }
  | { type: 'update_pitr'; table: string; enabled: boolean; recoveryPeriodInDays?: number }
  /** The table's caps, or with `index` that global secondary index's. */
  | { type: 'update_on_demand_throughput'; table: string; index?: string; throughput: OnDemandCaps }
  /** The members after the raise: the schema's where live is short, live's elsewhere (warm throughput is increase-only). */
  | { type: 'update_warm_throughput'; table: string; index?: string; warmThroughput: WarmThroughput }
  | { type: 'update_contributor_insights'; table: string; index?: string; enabled: boolean }
  | { type: 'put_resource_policy'; table: string; policy: JsonObject }
  | { type: 'delete_resource_policy'; table: string }
  | { type: 'update_deletion_protection'; table: string; enabled: boolean }
  | { type: 'update_sse'; table: string; sse: ServerSideEncryption }
  | { type: 'update_table_class'; table: string; tableClass: TableClass }
  | { type: 'update_stream'; table: string; viewType: StreamViewType | null }
  | { type: 'tag_table'; table: string; tags: Tag[] }
  | { type: 'untag_table'; table: string; keys: string[] };

export type StepType = Step['type'];

/** One line per step, for people. */
export function describeStep(step: Step): string {
  switch (step.type) {
    case 'create_table': {
      const indexes = step.input.GlobalSecondaryIndexes?.map((index) => index.IndexName).join(', ');
      const localIndexes = step.input.LocalSecondaryIndexes?.map((index) => index.IndexName).join(', ');
      return `create table ${step.table} (key ${step.input.KeySchema!.map((key) => key.AttributeName).join(' + ')}, ${step.input.BillingMode}${indexes ? `, indexes ${indexes}` : ''}${localIndexes ? `, local indexes ${localIndexes}` : ''})`;
    }
    case 'update_billing':
      return step.billing.mode === 'PAY_PER_REQUEST'
        ? `switch ${step.table} to on-demand billing`
        : `switch ${step.table} to provisioned billing (${step.billing.readCapacityUnits} read / ${step.billing.writeCapacityUnits} write)`;
    case 'update_index_capacity':
      return `set capacity of index ${step.index} on ${step.table} to ${step.capacity.readCapacityUnits} read / ${step.capacity.writeCapacityUnits} write`;
    case 'create_index':
      return `create index ${step.index.name} on ${step.table} (key ${[step.index.partitionKey, step.index.sortKey].filter(Boolean).map((key) => key!.name).join(' + ')}, projection ${step.index.projection.type})`;
    case 'delete_index':
      return `delete index ${step.index} from ${step.table}`;
    case 'update_ttl':
      return `${step.enabled ? 'enable' : 'disable'} TTL on ${step.table}.${step.attribute}`;
    case 'update_pitr':
      return step.enabled
        ? `enable point-in-time recovery on ${step.table}${step.recoveryPeriodInDays !== undefined ? ` (keep ${step.recoveryPeriodInDays} days)` : ''}`
        : `disable point-in-time recovery on ${step.table}`;
    case 'update_on_demand_throughput':
      return `set the on-demand maximum of ${where(step)} to ${capText(step.throughput.maxReadRequestUnits)} read / ${capText(step.throughput.maxWriteRequestUnits)} write request units`;
    case 'update_warm_throughput':
      return `raise the warm throughput of ${where(step)} to ${warmText(step.warmThroughput)}`;
    case 'update_contributor_insights':
      return `${step.enabled ? 'enable' : 'disable'} contributor insights on ${where(step)}`;
    case 'put_resource_policy':
      return `attach the resource-based policy to ${step.table}`;
    case 'delete_resource_policy':
      return `delete the resource-based policy of ${step.table}`;
    case 'update_deletion_protection':
      return `${step.enabled ? 'enable' : 'disable'} deletion protection on ${step.table}`;
    case 'update_sse':
      return `set encryption of ${step.table} to ${step.sse.type === 'KMS' ? `KMS${step.sse.kmsKeyId ? ` key ${step.sse.kmsKeyId}` : ' (AWS managed key)'}` : 'the AWS owned key'}`;
    case 'update_table_class':
      return `set table class of ${step.table} to ${step.tableClass}`;
    case 'update_stream':
      return step.viewType ? `enable stream ${step.viewType} on ${step.table}` : `disable the stream of ${step.table}`;
    case 'tag_table':
      return `tag ${step.table} with ${step.tags.map((tag) => `${tag.key}=${tag.value}`).join(', ')}`;
    case 'untag_table':
      return `remove tags ${step.keys.join(', ')} from ${step.table}`;
  }
}

const where = (step: { table: string; index?: string }) => (step.index ? `index ${step.index} on ${step.table}` : step.table);
const capText = (units: number) => (units < 0 ? 'no maximum' : String(units));

/** "15000 read / 5000 write units per second", naming only the members set. */
export function warmText(warm: { readUnitsPerSecond?: number; writeUnitsPerSecond?: number }): string {
  const parts = [warm.readUnitsPerSecond !== undefined ? `${warm.readUnitsPerSecond} read` : '', warm.writeUnitsPerSecond !== undefined ? `${warm.writeUnitsPerSecond} write` : ''];
  return `${parts.filter(Boolean).join(' / ') || 'nothing'} units per second`;
}

/** Steps that change the table's status to UPDATING, so the next step must wait for ACTIVE. */
export const STEPS_THAT_UPDATE_THE_TABLE: ReadonlySet<StepType> = new Set([
  'create_table', 'update_billing', 'update_index_capacity', 'create_index', 'delete_index', 'update_sse', 'update_table_class', 'update_stream',
  'update_on_demand_throughput', 'update_warm_throughput',
]);
