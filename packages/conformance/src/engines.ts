/**
 * The engines the suite runs on, and what each one honestly cannot do. Every gap listed here was
 * observed, not assumed: the engine either answers UnknownOperationException for the feature, or
 * accepts it on CreateTable without storing it (so `apply`, which reads back, rightly reports the
 * step as refused or not applied). Such a feature is removed from the schema before generating for
 * that engine; the rest of the table is still compared in full.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { findDynamoDbLocal, findMotoServer, startDynalite, startDynamoDbLocal, startMotoServer, type PlannedChange } from '@ddb-migrations/test-support';
import type { Schema } from '@ddb-migrations/core';
import type { NormalizedField, SeparatelyReadField } from './normalize.js';
import { probes } from './gap-probes.js';

export type PathName = 'sdk' | 'bash' | 'powershell' | 'terraform' | 'cloudformation';

/**
 * What the suite can remove from the schema for an engine that lacks it: the YAML keys on the table
 * (by default the feature's own name) and on each global index, and the normalized fields they show
 * up in (where a removed feature may read UNSUPPORTED). A recovery period goes with point-in-time
 * recovery, which it needs.
 */
export interface FeatureRemoval {
  fields: readonly NormalizedField[];
  tableKeys?: readonly string[];
  indexKeys?: readonly string[];
}

export const REMOVABLE_FEATURES = {
  timeToLiveAttribute: { fields: ['timeToLive'] },
  pointInTimeRecovery: { fields: ['pointInTimeRecovery', 'recoveryPeriodInDays'], tableKeys: ['pointInTimeRecovery', 'recoveryPeriodInDays'] },
  tags: { fields: ['tags'] },
  tableClass: { fields: ['tableClass'] },
  encryption: { fields: ['encryption'] },
  stream: { fields: ['stream'] },
  deletionProtection: { fields: ['deletionProtection'] },
  onDemandThroughput: { fields: ['onDemandThroughput'], indexKeys: ['onDemandThroughput'] },
  /** Only the indexes' caps: the table's stays and is compared. */
  indexOnDemandThroughput: { fields: [], tableKeys: [], indexKeys: ['onDemandThroughput'] },
  warmThroughput: { fields: ['warmThroughput'], indexKeys: ['warmThroughput'] },
  contributorInsights: { fields: ['contributorInsights'], indexKeys: ['contributorInsights'] },
  resourcePolicy: { fields: ['resourcePolicy'] },
} as const satisfies Record<string, FeatureRemoval>;

export type RemovableFeature = keyof typeof REMOVABLE_FEATURES;

export const removalOf = (feature: RemovableFeature): FeatureRemoval => REMOVABLE_FEATURES[feature];

/** The normalized fields the removed features show up in. */
export const fieldsOf = (features: readonly RemovableFeature[]): NormalizedField[] => [...new Set(features.flatMap((feature) => removalOf(feature).fields))];

/**
 * A gap of an engine, and how it shows: `probe` makes the call on a live engine and describes what
 * happened; the engine's gap test requires exactly `observed`, so an engine that gains the feature
 * fails until the gap is removed here (and from docs/conformance.md).
 */
export interface EngineGap {
  feature: RemovableFeature;
  why: string;
  probe?: { observed: string; run(client: DynamoDBClient): Promise<string> };
}

export interface RunningEngine {
  endpoint: string;
  close(): Promise<void>;
}

export interface EngineProfile {
  name: string;
  /** False (after a loud skip, or a throw under CI=true) when the engine is not installed. */
  available(): boolean;
  start(): Promise<RunningEngine>;
  /**
   * `region`: one engine; each path works in its own region, which these engines keep apart.
   * `instance`: one engine per path (dynalite has a single namespace).
   */
  isolation: 'region' | 'instance';
  paths: PathName[];
  unsupported: EngineGap[];
  /** Calls the normalizer must not make on this engine (its answer is not a clean refusal; see the gap). */
  skipReads?: SeparatelyReadField[];
  /**
   * Fields one path's emulator drops (moto's CloudFormation handler). The path checks them in what
   * it deployed instead (the template's own declaration), and they are left out of its comparisons.
   */
  ignoredOnPath?: Partial<Record<PathName, { field: NormalizedField; why: string }[]>>;
  /** What `terraform plan` after `terraform apply` still wants to change on this engine, and why. */
  terraformPlanGap?: TerraformPlanGap;
}

/**
 * A difference the real provider keeps seeing on an engine after its own apply. Asserted, not
 * skipped: the plan must show it exactly where `expectedFor` says and nothing else, so a fixed engine
 * or provider fails the suite until the gap is removed here and from docs/conformance.md.
 */
export interface TerraformPlanGap {
  why: string;
  expectedFor(schema: Schema): boolean;
  explains(change: PlannedChange): boolean;
}

type IndexState = { name: string; hash_key: string; range_key?: string; projection_type: string; non_key_attributes?: string[] };

export const DYNAMODB_LOCAL_ON_DEMAND_INDEX_NAME: TerraformPlanGap = {
  why: 'DynamoDB Local omits ProvisionedThroughput on an on-demand table\'s indexes, and the provider then stores the index name as ""',
  expectedFor: (schema) => schema.tables.some((table) => table.billing.mode === 'PAY_PER_REQUEST' && table.globalSecondaryIndexes.length > 0),
  explains(change) {
    if (change.actions.join() !== 'update' || !change.before || !change.after) return false;
    const before = change.before.global_secondary_index as IndexState[];
    const after = change.after.global_secondary_index as IndexState[];
    if (before.length === 0 || !before.every((index) => index.name === '')) return false;
    // Capacity reads "known after apply" in the new block; what defines an index must be the same.
    const shape = (indexes: IndexState[]) =>
      indexes.map((index) => JSON.stringify([index.hash_key, index.range_key ?? '', index.projection_type, index.non_key_attributes ?? []])).sort();
    const rest = (state: Record<string, unknown>) => JSON.stringify({ ...state, global_secondary_index: undefined });
    return JSON.stringify(shape(before)) === JSON.stringify(shape(after)) && after.every((index) => index.name !== '') && rest(change.before) === rest(change.after);
  },
};

/** Each path's region under `region` isolation. CloudFormation's is the README commands' default. */
export const PATH_REGIONS: Record<PathName, string> = {
  cloudformation: 'us-east-1',
  sdk: 'us-west-2',
  bash: 'eu-west-1',
  powershell: 'eu-central-1',
  terraform: 'ap-southeast-2',
};

export const LOCAL_CREDENTIALS = { accessKeyId: 'AKIDCONFORMANCE', secretAccessKey: 'conformance-secret' };

export function clientFor(endpoint: string, region: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region, credentials: LOCAL_CREDENTIALS, maxAttempts: 3 });
}

const SCRIPT_PATHS: PathName[] = ['sdk', 'bash', 'powershell', 'terraform'];

/**
 * The gaps of an engine without continuous backups, Contributor Insights and resource policies: each
 * call answers UnknownOperationException with the engine's own message.
 */
function missingOperations(message: string): EngineGap[] {
  const unknown = `UnknownOperationException: ${message}`;
  return [
    {
      feature: 'pointInTimeRecovery',
      why: 'DescribeContinuousBackups/UpdateContinuousBackups (so also the recovery period): UnknownOperationException',
      probe: { observed: `UpdateContinuousBackups: ${unknown}`, run: probes.recoveryPeriod },
    },
    {
      feature: 'contributorInsights',
      why: 'UpdateContributorInsights/DescribeContributorInsights: UnknownOperationException',
      probe: { observed: `UpdateContributorInsights: ${unknown}; DescribeContributorInsights: ${unknown}`, run: probes.contributorInsights },
    },
    {
      feature: 'resourcePolicy',
      why: 'CreateTable accepts ResourcePolicy; Put/Get/DeleteResourcePolicy: UnknownOperationException',
      probe: { observed: `CreateTable: OK; GetResourcePolicy: ${unknown}`, run: probes.resourcePolicyOnCreate },
    },
  ];
}

export const dynamoDbLocal: EngineProfile = {
  name: 'DynamoDB Local',
  available: () => findDynamoDbLocal() !== undefined,
  // Without -sharedDb DynamoDB Local keeps one set of tables per access key and region.
  start: () => startDynamoDbLocal({ sharedDb: false }),
  isolation: 'region',
  paths: SCRIPT_PATHS,
  unsupported: [
    ...missingOperations('An unknown operation was requested.'),
    { feature: 'tags', why: 'ListTagsOfResource/TagResource: "Tagging is not currently supported in DynamoDB Local"' },
    {
      feature: 'indexOnDemandThroughput',
      why: "an index cap of one member (the rich fixture caps only kind_index's reads) fails CreateTable; an index cap update answers OK, is not applied, and drops the table's cap. Table caps work (-1 on only one member is an InternalFailure)",
      probe: { observed: "CreateTable: ValidationException: Global Secondary Index's read and write throughput must be at least 1, and cannot be null", run: probes.onDemandThroughput },
    },
    {
      feature: 'warmThroughput',
      why: 'accepted by CreateTable, never reported; UpdateTable: "Nothing to update"',
      probe: { observed: 'CreateTable: OK, table absent, index absent; UpdateTable: ValidationException: Nothing to update', run: probes.warmThroughput },
    },
    { feature: 'encryption', why: 'accepts SSESpecification, reports no SSEDescription; UpdateTable SSESpecification: "Nothing to update"' },
    { feature: 'tableClass', why: 'accepts TableClass, reports no TableClassSummary' },
  ],
  terraformPlanGap: DYNAMODB_LOCAL_ON_DEMAND_INDEX_NAME,
};

const DYNALITE_NOTHING_TO_UPDATE =
  'ValidationException: At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required';

export const dynalite: EngineProfile = {
  name: 'dynalite',
  available: () => true,
  start: () => startDynalite({ createTableMs: 100, updateTableMs: 100 }),
  isolation: 'instance',
  paths: SCRIPT_PATHS,
  unsupported: [
    ...missingOperations('UnknownError'),
    { feature: 'timeToLiveAttribute', why: 'UpdateTimeToLive: UnknownOperationException' },
    { feature: 'tags', why: 'ignores Tags on CreateTable (TagResource works), so paths that tag at create time cannot be compared' },
    { feature: 'encryption', why: 'accepts SSESpecification, reports no SSEDescription; UpdateTable rejects SSESpecification' },
    { feature: 'tableClass', why: 'accepts TableClass, reports no TableClassSummary' },
    { feature: 'stream', why: 'accepts StreamSpecification, reports none' },
    { feature: 'deletionProtection', why: 'reports no DeletionProtectionEnabled; UpdateTable with only it: ValidationException' },
    {
      feature: 'onDemandThroughput',
      why: 'accepted by CreateTable (table and index), never reported; UpdateTable with only it: ValidationException',
      probe: { observed: `CreateTable: OK, table absent, index absent; UpdateTable: ${DYNALITE_NOTHING_TO_UPDATE}`, run: probes.onDemandThroughput },
    },
    {
      feature: 'warmThroughput',
      why: 'accepted by CreateTable (table and index), never reported; UpdateTable with only it: ValidationException',
      probe: { observed: `CreateTable: OK, table absent, index absent; UpdateTable: ${DYNALITE_NOTHING_TO_UPDATE}`, run: probes.warmThroughput },
    },
  ],
};

export const moto: EngineProfile = {
  name: 'moto',
  available: () => findMotoServer() !== undefined,
  start: () => startMotoServer(findMotoServer()!),
  isolation: 'region',
  paths: ['cloudformation', ...SCRIPT_PATHS],
  unsupported: [
    { feature: 'tableClass', why: 'moto 5 keeps no table class: no TableClassSummary, and UpdateTable ignores TableClass (so apply rightly reports it as not applied)' },
    {
      feature: 'onDemandThroughput',
      why: 'CreateTable and UpdateTable accept OnDemandThroughput (table and index) and never report it',
      probe: { observed: 'CreateTable: OK, table absent, index absent; UpdateTable: OK, then absent', run: probes.onDemandThroughput },
    },
    {
      feature: 'contributorInsights',
      why: 'not implemented: UpdateContributorInsights/DescribeContributorInsights answer HTTP 500 with an HTML page, so the normalizer does not call them',
      probe: {
        observed: 'UpdateContributorInsights: HTTP 500 with a body that is not an AWS error; DescribeContributorInsights: HTTP 500 with a body that is not an AWS error',
        run: probes.contributorInsights,
      },
    },
    {
      feature: 'resourcePolicy',
      why: "CreateTable ignores ResourcePolicy (Put/Get/DeleteResourcePolicy work, which apply's tests and the Terraform path use)",
      probe: {
        observed: 'CreateTable: OK; GetResourcePolicy: PolicyNotFoundException: Resource-based policy not found for the provided ResourceArn: <arn>',
        run: probes.resourcePolicyOnCreate,
      },
    },
  ],
  skipReads: ['contributorInsights'],
  // moto/dynamodb/models/table.py create_from_cloudformation_json passes neither TimeToLiveSpecification
  // nor PointInTimeRecoverySpecification on, and hands SSESpecification (CloudFormation's SSEEnabled
  // spelling) to a backend that reads the API's Enabled.
  ignoredOnPath: {
    cloudformation: [
      { field: 'encryption', why: "moto's CloudFormation reads SSESpecification.Enabled, not CloudFormation's SSEEnabled" },
      { field: 'timeToLive', why: "moto's CloudFormation ignores TimeToLiveSpecification" },
      { field: 'pointInTimeRecovery', why: "moto's CloudFormation ignores PointInTimeRecoverySpecification" },
      { field: 'recoveryPeriodInDays', why: "moto's CloudFormation ignores PointInTimeRecoverySpecification, its RecoveryPeriodInDays included" },
    ],
  },
};
