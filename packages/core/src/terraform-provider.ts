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
 * Settings of the model whose argument is newer than the base. Empty today: nothing the model has
 * needs more than 5.0. A model setting that maps to a newer argument (say `on_demand_throughput`,
 * 5.5x) must be listed here, or users on an older 5.x get "Unsupported argument" from init.
 */
export const TERRAFORM_AWS_PROVIDER_FLOORS: readonly ProviderArgumentFloor[] = [];

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
