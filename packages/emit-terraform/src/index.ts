export { TERRAFORM_AWS_PROVIDER_VERSION } from '@ddb-migrations/core';
export { terraformEmitter, emitTerraform } from './emitter.js';
