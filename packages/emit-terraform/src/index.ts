export { terraformAwsProviderConstraint } from '@ddb-migrations/core';
export { terraformEmitter, emitTerraform, emitTerraformImports } from './emitter.js';
