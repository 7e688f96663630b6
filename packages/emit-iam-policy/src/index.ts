export { iamPolicyEmitter, emitIamPolicy, toIamPolicy, SESSION_ADAPTER_TABLE_ACTIONS, SESSION_ADAPTER_INDEX_ACTIONS } from './emitter.js';
