import type { Schema, TableSchema } from './model.js';

/**
 * The hashicorp/aws versions main.tf accepts, computed from the settings the schema uses, so a user's
 * `terraform init` never refuses a provider that can run the module (a `~> 6.0` pin refused every
 * 5.x) and never accepts one that lacks an argument the module writes. Shared by the Terraform and
 * README emitters, which never import each other.
 */

/**
 * 5.0: every argument main.tf writes (attribute, global_secondary_index, ttl, point_in_time_recovery,
 * server_side_encryption.kms_key_arn, stream_*, table_class, deletion_protection_enabled, tags) exists in
 * every 5.x release, and the conformance suite runs the module with 5.100.0. Below 7.0: a new major may
 * rename or remove arguments (6.x keeps all of these).
 */
export const TERRAFORM_AWS_PROVIDER_BASE = { atLeast: '5.0', below: '7.0' } as const;

/** A setting whose provider argument appeared after the base version. */
export interface ProviderArgumentFloor {
  argument: string;
  /** First hashicorp/aws release with the argument. */
  since: string;
  usedBy(table: TableSchema): boolean;
}

/**
 * Settings of the model whose argument is newer than the base, each with the first release that has
 * it, from the provider's CHANGELOG. Without the floor, a user on an older release gets
 * "Unsupported argument" (or "Invalid resource type") from `terraform plan`.
 * `local_secondary_index` and `aws_dynamodb_contributor_insights` (4.x) are older than the base.
 */
export const TERRAFORM_AWS_PROVIDER_FLOORS: readonly ProviderArgumentFloor[] = [
  // CHANGELOG 5.43.0: "New Resource: aws_dynamodb_resource_policy" (#36595).
  { argument: 'aws_dynamodb_resource_policy', since: '5.43.0', usedBy: (table) => table.resourcePolicy !== undefined },
  // CHANGELOG 5.72.0: "Add on_demand_throughput and global_secondary_index.on_demand_throughput" (#37799);
  // 5.71.0 first had it but was pulled from the Registry.
  {
    argument: 'on_demand_throughput',
    since: '5.72.0',
    usedBy: (table) => table.onDemandThroughput !== undefined || table.globalSecondaryIndexes.some((index) => index.onDemandThroughput !== undefined),
  },
  // point_in_time_recovery.recovery_period_in_days: #41484, merged 2025-05-07, first released in 5.97.0.
  { argument: 'point_in_time_recovery.recovery_period_in_days', since: '5.97.0', usedBy: (table) => table.recoveryPeriodInDays !== undefined },
  // CHANGELOG 6.13.0: "Add warm_throughput and global_secondary_index.warm_throughput arguments" (#41308).
  {
    argument: 'warm_throughput',
    since: '6.13.0',
    usedBy: (table) => table.warmThroughput !== undefined || table.globalSecondaryIndexes.some((index) => index.warmThroughput !== undefined),
  },
];

const versionParts = (version: string) => version.split('.').map(Number);

function compareVersions(a: string, b: string): number {
  const [left, right] = [versionParts(a), versionParts(b)];
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** `>= 5.0, < 7.0`, or a higher floor when a setting the schema uses needs a newer provider. */
export function terraformAwsProviderConstraint(schema: Schema, floors: readonly ProviderArgumentFloor[] = TERRAFORM_AWS_PROVIDER_FLOORS): string {
  let atLeast: string = TERRAFORM_AWS_PROVIDER_BASE.atLeast;
  for (const floor of floors) {
    if (schema.tables.some((table) => floor.usedBy(table)) && compareVersions(floor.since, atLeast) > 0) atLeast = floor.since;
  }
  return `>= ${atLeast}, < ${TERRAFORM_AWS_PROVIDER_BASE.below}`;
}
