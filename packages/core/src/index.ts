export * from './model.js';
export { ARGUMENT_PATTERNS, TABLE_NAME_RULE, toDotNetPattern } from './argument-patterns.js';
export * from './errors.js';
export type { SchemaInput, TableInput, GlobalSecondaryIndexInput, LocalSecondaryIndexInput } from './input.js';
export { canonicalSchema, shopifySessionsTable } from './canonical.js';
export { loadSchema, MAX_SCHEMA_BYTES } from './load.js';
export {
  checkSchemaRules,
  defaultScriptName,
  TABLE_NAME_PATTERN,
  ATTRIBUTE_NAME_PATTERN,
  MAX_GLOBAL_SECONDARY_INDEXES,
  MAX_RESOURCE_POLICY_BYTES,
} from './rules.js';
export { toSchema } from './to-model.js';
export { toSchemaYaml, type SchemaYamlOptions } from './to-yaml.js';
export {
  toCreateTableInput,
  toKeySchema,
  toGlobalSecondaryIndex,
  toLocalSecondaryIndex,
  toProjection,
  toOnDemandThroughput,
  toWarmThroughput,
  toResourcePolicyJson,
} from './create-table-input.js';
export { assertPortableText, type CloudFormationFormat, type EmitOptions, type EmittedFile, type EmitResult, type Emitter } from './emitter.js';
export {
  toCreateTableCliOptions,
  toExistingTableExpectations,
  awsCliRequirementOf,
  awsCliRequirementFor,
  AWS_CLI_FEATURES,
  DESCRIBE_QUERIES,
  type AwsCliFeature,
  type AwsCliRequirement,
  type CliOption,
  type ExistingTableExpectations,
} from './cli-arguments.js';
export { artifactNamesOf, identifiersOf, stackNameOf, type ArtifactNames } from './artifact-names.js';
export { isShopifySessionTable, sessionIndexOf } from './session-shape.js';
export * from './iam-policies.js';
export * from './cloudformation-stacks.js';
export { terraformAwsProviderConstraint, TERRAFORM_AWS_PROVIDER_BASE, TERRAFORM_AWS_PROVIDER_FLOORS, type ProviderArgumentFloor } from './terraform-provider.js';
export {
  toCreateTableScript,
  toResourcePolicyFile,
  toScriptView,
  type AwsCliCheck,
  type ThroughputCheck,
  type AwsCliCall,
  type CallView,
  type CliWord,
  type CreateTableScript,
  type ScriptQuoting,
  type ScriptVariable,
  type ScriptView,
} from './script-calls.js';
