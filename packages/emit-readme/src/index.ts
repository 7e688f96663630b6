export { readmeEmitter, emitReadme } from './emitter.js';
