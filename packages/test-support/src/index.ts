export { findTool, findAwsCli, localAwsEnvironment } from './tools.js';
export { startDynalite, type LocalEngine } from './dynalite.js';
export { fixturePath, richSchema } from './fixtures.js';
export { parseTerraform, toProviderCreateTable, type TerraformModule } from './terraform.js';
export * from './powershell.js';
export { findDynamoDbLocal, startDynamoDbLocal, dynamoDbLocalHome, dynamoDbLocalVersion, type DynamoDbLocal, type StartDynamoDbLocalOptions } from './dynamodb-local.js';
export * from './session-adapter.js';
export { findMotoServer, startMotoServer, type MotoServer } from './moto.js';
export { readmeCloudFormationCommands } from './readme-commands.js';
