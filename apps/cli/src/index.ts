export { run } from './cli.js';
export { ExitError, EXIT } from './errors.js';
