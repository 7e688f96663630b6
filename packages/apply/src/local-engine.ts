// The embedded engine lives in @ddb-migrations/local-engine, shared with the tests' start-up; apply
// keeps exporting it as part of its API.
export { startLocalEngine, LOCAL_CREDENTIALS, LOCAL_REGION, type LocalEngine, type LocalEngineOptions } from '@ddb-migrations/local-engine';
