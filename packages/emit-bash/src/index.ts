export { bashEmitter, emitBash, toBashScript } from './emitter.js';
