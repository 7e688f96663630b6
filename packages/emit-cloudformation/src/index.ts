export { cloudFormationEmitter, emitCloudFormation, toCloudFormationTemplate, toCloudFormationYaml } from './emitter.js';
export type { CloudFormationTemplate } from './template.js';
