import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { ApplyError } from './errors.js';

export interface ConnectionOptions {
  region?: string;
  profile?: string;
  /** Explicit endpoint; else AWS_ENDPOINT_URL_DYNAMODB, else AWS_ENDPOINT_URL, else AWS's own. */
  endpoint?: string;
  /** Static credentials, e.g. for the embedded local engine, which accepts any. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Attempts per request, including the first; throttling and 5xx are retried with backoff. */
  maxAttempts?: number;
}

export function resolveEndpoint(options: ConnectionOptions, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return options.endpoint ?? env.AWS_ENDPOINT_URL_DYNAMODB ?? env.AWS_ENDPOINT_URL;
}

/**
 * A client on the standard credential chain and retry strategy, with timeouts so a silent endpoint
 * fails instead of hanging. A local endpoint without a region gets us-east-1, which any engine accepts.
 */
export function createDynamoDbClient(options: ConnectionOptions = {}, env: NodeJS.ProcessEnv = process.env): DynamoDBClient {
  const endpoint = resolveEndpoint(options, env);
  const config: DynamoDBClientConfig = {
    maxAttempts: options.maxAttempts ?? 6,
    retryMode: 'standard',
    // throwOnRequestTimeout: without it the handler only logs a warning and waits forever.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 20_000, throwOnRequestTimeout: true },
  };
  if (endpoint) config.endpoint = endpoint;
  if (options.profile) config.profile = options.profile;
  const region = options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (region) config.region = region;
  else if (endpoint && isLoopback(endpoint)) config.region = 'us-east-1';
  if (options.credentials) config.credentials = options.credentials;
  return new DynamoDBClient(config);
}

export function isLoopback(endpoint: string): boolean {
  try {
    const host = new URL(endpoint).hostname;
    return host === 'localhost' || host === '[::1]' || host.startsWith('127.');
  } catch {
    return false;
  }
}

/** Answers the SDK retries as throttling; after the last attempt they mean "too busy", not "wrong request". */
const THROTTLING = new Set(['ThrottlingException', 'ProvisionedThroughputExceededException', 'RequestLimitExceeded', 'TooManyRequestsException', 'Throttling']);

/**
 * Turns network failures, and 5xx or throttling answers that outlasted the SDK's retries, into one
 * line naming the endpoint; other errors pass through.
 */
export function describeConnectionError(error: unknown, endpoint: string | undefined): Error {
  const code = (error as { code?: string } | null)?.code ?? (error as { cause?: { code?: string } })?.cause?.code;
  const where = endpoint ?? 'DynamoDB';
  if (code === 'ECONNREFUSED') return new ApplyError(`cannot reach ${where}: connection refused`, 1, 'CONNECTION_REFUSED');
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new ApplyError(`cannot reach ${where}: host not found`, 1, 'CONNECTION_FAILED');
  if (code === 'ECONNRESET' || code === 'EPIPE') return new ApplyError(`lost the connection to ${where} (${code}) after retries`, 1, 'CONNECTION_FAILED');
  const name = (error as { name?: string } | null)?.name;
  if (name === 'TimeoutError' || code === 'ETIMEDOUT') return new ApplyError(`${where} did not answer in time`, 1, 'CONNECTION_TIMEOUT');
  const metadata = (error as { $metadata?: { httpStatusCode?: number; attempts?: number } } | null)?.$metadata;
  const status = metadata?.httpStatusCode;
  if (name && status !== undefined && (status >= 500 || THROTTLING.has(name))) {
    // Alone, the endpoint's message ("Internal server error") reads like a crash of ddb-migrate itself.
    const attempts = (metadata?.attempts ?? 1) > 1 ? `on all ${metadata!.attempts} attempts` : 'on the only attempt';
    const said = (error as Error).message?.replace(/\.$/, '');
    return new ApplyError(`${where} kept failing: ${name} (HTTP ${status}) ${attempts}${said && said !== name ? `: ${said}` : ''}; run the command again later`, 1, 'ENDPOINT_FAILING');
  }
  if (name === 'CredentialsProviderError') {
    return new ApplyError(`no AWS credentials found (${(error as Error).message}); set a profile, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or use --local`, 1, 'NO_CREDENTIALS');
  }
  return error instanceof Error ? error : new Error(String(error));
}
