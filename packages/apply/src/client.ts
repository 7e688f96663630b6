import type { LookupFunction } from 'node:net';
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { StandardRetryStrategy, type StandardRetryStrategyOptions } from '@smithy/core/retry';
import { ApplyError } from './errors.js';
import { rejectAnswersThatAreNotJson } from './answer-check.js';

export interface ConnectionOptions {
  region?: string;
  profile?: string;
  /** Explicit endpoint; else AWS_ENDPOINT_URL_DYNAMODB, else AWS_ENDPOINT_URL, else AWS's own. */
  endpoint?: string;
  /** Static credentials, e.g. for the embedded local engine, which accepts any. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Attempts per request, including the first, for timeouts, dropped connections and 5xx (throttling: MAX_THROTTLED_ATTEMPTS). */
  maxAttempts?: number;
  /** Host name resolver (tests inject one so a mistyped region never reaches real DNS). */
  lookup?: LookupFunction;
}

/**
 * Why these numbers: a request (connecting included) that has not been answered in 10 s is not
 * coming (DynamoDB's control plane answers in milliseconds); 4 attempts ride out a dropped
 * connection or a throttled burst. A dead endpoint therefore fails within
 * 4 x 10 s plus at most 1.4 s of backoff, which DEAD_ENDPOINT_BOUND_SECONDS rounds up.
 */
export const CONNECT_TIMEOUT_MS = 3_000;
export const REQUEST_TIMEOUT_MS = 10_000;
export const MAX_ATTEMPTS = 4;
/** The promise the README and --help make: a call to an endpoint that never answers fails within this. */
export const DEAD_ENDPOINT_BOUND_SECONDS = 45;
/**
 * Throttling is an endpoint that answers and asks us to slow down, not a dead one: it gets more
 * attempts (with the SDK's longer throttling backoff), so many concurrent applies still get through.
 */
export const MAX_THROTTLED_ATTEMPTS = 8;

type RetryArguments = Parameters<StandardRetryStrategy['refreshRetryTokenForRetry']>;

/**
 * The SDK's standard strategy with two budgets: MAX_THROTTLED_ATTEMPTS for throttling answers,
 * `failureAttempts` for the rest (timeouts, dropped connections, 5xx: all TRANSIENT to the SDK), which keeps the
 * dead-endpoint bound. Refusing a retry makes the SDK throw the last error, attempts counted.
 */
export class TwoBudgetRetryStrategy extends StandardRetryStrategy {
  constructor(
    private readonly failureAttempts: number,
    /** The SDK's exponential backoff unless given (tests give one without delays). */
    backoff?: StandardRetryStrategyOptions['backoff'],
  ) {
    super({ maxAttempts: Math.max(failureAttempts, MAX_THROTTLED_ATTEMPTS), ...(backoff ? { backoff } : {}) });
  }

  override async refreshRetryTokenForRetry(token: RetryArguments[0], errorInfo: RetryArguments[1]): ReturnType<StandardRetryStrategy['refreshRetryTokenForRetry']> {
    if (errorInfo.errorType !== 'THROTTLING' && token.getRetryCount() + 1 >= this.failureAttempts) throw new Error('no attempts left for this failure');
    return super.refreshRetryTokenForRetry(token, errorInfo);
  }
}

/** Where the endpoint came from, so a bad one is reported under the name the user set. */
export interface EndpointSetting {
  url: string;
  source: '--endpoint-url' | 'AWS_ENDPOINT_URL_DYNAMODB' | 'AWS_ENDPOINT_URL';
}

export function endpointSetting(options: ConnectionOptions, env: NodeJS.ProcessEnv = process.env): EndpointSetting | undefined {
  if (options.endpoint !== undefined) return { url: options.endpoint, source: '--endpoint-url' };
  if (env.AWS_ENDPOINT_URL_DYNAMODB) return { url: env.AWS_ENDPOINT_URL_DYNAMODB, source: 'AWS_ENDPOINT_URL_DYNAMODB' };
  if (env.AWS_ENDPOINT_URL) return { url: env.AWS_ENDPOINT_URL, source: 'AWS_ENDPOINT_URL' };
  return undefined;
}

export function resolveEndpoint(options: ConnectionOptions, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return endpointSetting(options, env)?.url;
}

/**
 * "localhost:8000" parses as a URL whose scheme is "localhost:", and the SDK then fails with
 * "Invalid URL" or worse; say what is missing instead.
 */
export function checkEndpoint(setting: EndpointSetting): void {
  const { url, source } = setting;
  if (!/^https?:\/\//i.test(url)) {
    const suggestion = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? 'use http:// or https://' : `add the scheme: http://${url} (or https://${url})`;
    throw new ApplyError(`${source} "${url}" is not an http(s) URL: ${suggestion}`, 1, 'INVALID_ENDPOINT');
  }
  try {
    new URL(url);
  } catch {
    throw new ApplyError(`${source} "${url}" is not a valid URL`, 1, 'INVALID_ENDPOINT');
  }
}

/**
 * A client on the standard credential chain and retry strategy, with a connect timeout, a request
 * timeout and a bounded number of attempts, so a silent endpoint fails instead of hanging. A local
 * endpoint without a region gets us-east-1, which any engine accepts.
 */
export function createDynamoDbClient(options: ConnectionOptions = {}, env: NodeJS.ProcessEnv = process.env): DynamoDBClient {
  const endpoint = endpointSetting(options, env);
  if (endpoint) checkEndpoint(endpoint);
  const agent = options.lookup ? { lookup: options.lookup } : {};
  const config: DynamoDBClientConfig = {
    retryStrategy: new TwoBudgetRetryStrategy(options.maxAttempts ?? MAX_ATTEMPTS),
    // throwOnRequestTimeout: without it the handler only logs a warning and waits forever.
    requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS, throwOnRequestTimeout: true, httpAgent: agent, httpsAgent: agent },
  };
  if (endpoint) config.endpoint = endpoint.url;
  if (options.profile) config.profile = options.profile;
  const region = options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (region) config.region = region;
  else if (endpoint && isLoopback(endpoint.url)) config.region = 'us-east-1';
  if (options.credentials) config.credentials = options.credentials;
  const client = new DynamoDBClient(config);
  rejectAnswersThatAreNotJson(client);
  return client;
}

export function isLoopback(endpoint: string): boolean {
  try {
    const host = new URL(endpoint).hostname;
    return host === 'localhost' || host === '[::1]' || host.startsWith('127.');
  } catch {
    return false;
  }
}
