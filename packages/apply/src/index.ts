export {
  createDynamoDbClient,
  resolveEndpoint,
  endpointSetting,
  checkEndpoint,
  isLoopback,
  CONNECT_TIMEOUT_MS,
  REQUEST_TIMEOUT_MS,
  MAX_ATTEMPTS,
  MAX_THROTTLED_ATTEMPTS,
  DEAD_ENDPOINT_BOUND_SECONDS,
  type ConnectionOptions,
  type EndpointSetting,
} from './client.js';
export { describeConnectionError, noRegion } from './connection-errors.js';
export { UnexpectedAnswerError } from './answer-check.js';
export { resolveTarget, checkProfileExists, accountOf, type Target } from './target.js';
export { readLiveTable, UNSUPPORTED, type LiveTable } from './live.js';
export { diff, type Plan, type Change, type DiffOptions } from './diff.js';
export { describeStep, STEPS_THAT_UPDATE_THE_TABLE, type Step, type StepType } from './steps.js';
export { executeStep, WRITE_COMMANDS } from './executors.js';
export { waitUntilActive, pollDelay, type WaitProgress, type IndexStatus } from './wait.js';
export { planTable, applyTable, verifyTable, APPLY_CONCURRENCY, type RunOptions, type ApplyEvent, type Verification } from './apply.js';
export { startLocalEngine, LOCAL_CREDENTIALS, LOCAL_REGION, type LocalEngine, type LocalEngineOptions } from './local-engine.js';
export { OPERATOR_ACTIONS, OPERATOR_ACTION_LIST, type OperatorAction, type OperatorCommand } from './operator-actions.js';
export { ApplyError, RefusedChangeError, InterruptedError } from './errors.js';
export { toPulledTable, pullTables, listAllTables, isSkipped, type PulledTable, type SkippedTable, type PullResult } from './pull.js';
