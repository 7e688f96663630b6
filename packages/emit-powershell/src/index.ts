export { powerShellEmitter, emitPowerShell, toPowerShellScript } from './emitter.js';
