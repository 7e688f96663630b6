export { pruneExpiredSessions, isExpiredOnlineSession, PruneInterruptedError, type PruneOptions, type PruneProgress, type PruneResult } from './prune.js';
