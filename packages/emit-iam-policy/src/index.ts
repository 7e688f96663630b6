export * from './emitter.js';
