import { parse } from '@cdktf/hcl2json';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

type Block = Record<string, any>;

export interface TerraformModule {
  variables: Record<string, { default?: unknown }>;
  tables: Record<string, Block>;
  kmsKeys: Record<string, Block>;
  outputs: Record<string, Block>;
  providerVersion: string | undefined;
  json: Block;
}

/** Parses main.tf with HashiCorp's own HCL parser (compiled to wasm in @cdktf/hcl2json). */
export async function parseTerraform(source: string, file = 'main.tf'): Promise<TerraformModule> {
  const json = (await parse(file, source)) as Block;
  const single = (blocks: Record<string, Block[]> | undefined) =>
    Object.fromEntries(Object.entries(blocks ?? {}).map(([name, list]) => [name, list[0]!]));
  return {
    json,
    variables: single(json.variable),
    tables: single(json.resource?.aws_dynamodb_table),
    kmsKeys: single(json.data?.aws_kms_key),
    outputs: single(json.output),
    providerVersion: json.terraform?.[0]?.required_providers?.[0]?.aws?.version,
  };
}

/** Resolves `${var.x}` to the variable's default, `${data.aws_kms_key.x.arn}` to its key_id; other interpolations are refused. */
function resolveValue(value: unknown, module: TerraformModule): unknown {
  if (typeof value !== 'string') return value;
  const variable = /^\$\{var\.([a-z0-9_]+)\}$/.exec(value);
  if (variable) return module.variables[variable[1]!]?.default;
  const kms = /^\$\{data\.aws_kms_key\.([a-z0-9_]+)\.arn\}$/.exec(value);
  if (kms) return module.kmsKeys[kms[1]!]?.key_id;
  if (value.includes('${')) throw new Error(`cannot resolve ${value} statically`);
  return value;
}

const keySchema = (hash: string, range?: string) => [
  { AttributeName: hash, KeyType: 'HASH' },
  ...(range ? [{ AttributeName: range, KeyType: 'RANGE' }] : []),
];

/**
 * The CreateTable request the hashicorp/aws provider sends for an `aws_dynamodb_table`, following the
 * provider's documented arguments (website/docs/r/dynamodb_table.html.markdown). TTL and point-in-time
 * recovery are separate calls in the provider too, returned beside the request.
 */
export function toProviderCreateTable(resource: Block, module: TerraformModule): {
  input: CreateTableCommandInput;
  timeToLiveAttribute?: string;
  pointInTimeRecovery: boolean;
} {
  const r = (key: string) => resolveValue(resource[key], module);
  const input: CreateTableCommandInput = {
    TableName: r('name') as string,
    AttributeDefinitions: (resource.attribute ?? []).map((a: Block) => ({ AttributeName: a.name, AttributeType: a.type })),
    KeySchema: keySchema(r('hash_key') as string, r('range_key') as string | undefined) as CreateTableCommandInput['KeySchema'],
    // The provider's default is PROVISIONED; the generated file always sets it explicitly.
    BillingMode: (r('billing_mode') as CreateTableCommandInput['BillingMode']) ?? 'PROVISIONED',
  };
  if (input.BillingMode === 'PROVISIONED') {
    input.ProvisionedThroughput = { ReadCapacityUnits: r('read_capacity') as number, WriteCapacityUnits: r('write_capacity') as number };
  }
  const indexes: Block[] = resource.global_secondary_index ?? [];
  if (indexes.length > 0) {
    input.GlobalSecondaryIndexes = indexes.map((index) => ({
      IndexName: index.name,
      KeySchema: keySchema(index.hash_key, index.range_key) as any,
      Projection: index.projection_type === 'INCLUDE'
        ? { ProjectionType: 'INCLUDE', NonKeyAttributes: index.non_key_attributes }
        : { ProjectionType: index.projection_type },
      ...(index.read_capacity !== undefined
        ? { ProvisionedThroughput: { ReadCapacityUnits: index.read_capacity, WriteCapacityUnits: index.write_capacity } }
        : {}),
    }));
  }
  const sse = resource.server_side_encryption?.[0];
  if (sse?.enabled) {
    input.SSESpecification = { Enabled: true, SSEType: 'KMS' };
    const key = resolveValue(sse.kms_key_arn, module);
    if (key) input.SSESpecification.KMSMasterKeyId = key as string;
  }
  if (resource.stream_enabled) input.StreamSpecification = { StreamEnabled: true, StreamViewType: resource.stream_view_type };
  if (resource.table_class && resource.table_class !== 'STANDARD') input.TableClass = resource.table_class;
  if (resource.deletion_protection_enabled) input.DeletionProtectionEnabled = true;
  const tags = Object.entries((resource.tags ?? {}) as Record<string, string>);
  if (tags.length > 0) input.Tags = tags.map(([Key, Value]) => ({ Key, Value }));
  const ttl = resource.ttl?.[0];
  return {
    input,
    ...(ttl?.enabled ? { timeToLiveAttribute: ttl.attribute_name as string } : {}),
    pointInTimeRecovery: resource.point_in_time_recovery?.[0]?.enabled === true,
  };
}
