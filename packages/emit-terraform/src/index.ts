export { terraformEmitter, emitTerraform, TERRAFORM_AWS_PROVIDER_VERSION } from './emitter.js';
