/**
 * Turns what the SDK and Node throw for the common connection mistakes into one line that names
 * the endpoint or region and the fix. Errors that are not about the connection pass through.
 */
import { UnexpectedAnswerError } from './answer-check.js';
import { CONNECT_TIMEOUT_MS, REQUEST_TIMEOUT_MS } from './client.js';
import { ApplyError } from './errors.js';

/** Answers the SDK retries as throttling; after the last attempt they mean "too busy", not "wrong request". */
const THROTTLING = new Set(['ThrottlingException', 'ProvisionedThroughputExceededException', 'RequestLimitExceeded', 'TooManyRequestsException', 'Throttling']);

interface SdkLikeError {
  name?: string;
  code?: string;
  message?: string;
  hostname?: string;
  cause?: { code?: string };
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

const attemptsText = (attempts: number | undefined) => ((attempts ?? 1) > 1 ? `on all ${attempts} attempts` : 'on the only attempt');

/** The host a request went to: the endpoint's, or DynamoDB's public host for the region. */
function hostOf(endpoint: string | undefined, region: string | undefined): string | undefined {
  if (endpoint) {
    try {
      return new URL(endpoint).hostname;
    } catch {
      return undefined;
    }
  }
  return region ? `dynamodb.${region}.amazonaws.com` : undefined;
}

export function describeConnectionError(error: unknown, endpoint: string | undefined, region?: string): Error {
  if (error instanceof ApplyError) return error;
  const failure = (error ?? {}) as SdkLikeError;
  const code = failure.code ?? failure.cause?.code;
  const name = failure.name;
  const where = endpoint ?? (region ? `DynamoDB in ${region}` : 'DynamoDB');
  const attempts = failure.$metadata?.attempts;

  if (error instanceof UnexpectedAnswerError) {
    return new ApplyError(
      `${where} answered ${error.message} ${attemptsText(attempts)}; ${endpoint ? 'check that --endpoint-url points at a DynamoDB endpoint' : 'check proxies between here and AWS'}`,
      1,
      'NOT_DYNAMODB',
    );
  }
  if (code === 'ECONNREFUSED') return new ApplyError(`cannot reach ${where}: connection refused`, 1, 'CONNECTION_REFUSED');
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    const host = failure.hostname ?? hostOf(endpoint, region) ?? 'the endpoint host';
    const fix = endpoint ? 'check the host in the endpoint URL' : `check the region${region ? `: is "${region}" spelled right?` : ''} (--region, AWS_REGION; e.g. us-east-1)`;
    // EAI_AGAIN: no DNS answer at all, which is the network far more often than a typo.
    if (code === 'EAI_AGAIN') return new ApplyError(`cannot reach ${where}: DNS did not answer for host ${host}; check the network connection, then ${fix.replace(/^check /, '')}`, 1, 'DNS_UNAVAILABLE');
    return new ApplyError(`cannot reach ${where}: host ${host} did not resolve; ${fix}`, 1, 'HOST_NOT_FOUND');
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') return new ApplyError(`lost the connection to ${where} (${code}) ${attemptsText(attempts)}`, 1, 'CONNECTION_FAILED');
  if (name === 'TimeoutError' || code === 'ETIMEDOUT') {
    const connecting = /establish a connection/.test(failure.message ?? '');
    const what = connecting ? `did not accept a connection within ${CONNECT_TIMEOUT_MS / 1000} s` : `did not answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
    return new ApplyError(`${where} ${what} ${attemptsText(attempts)}; check that it is running and reachable`, 1, 'CONNECTION_TIMEOUT');
  }
  const status = failure.$metadata?.httpStatusCode;
  if (name && status !== undefined && (status >= 500 || THROTTLING.has(name))) {
    // Alone, the endpoint's message ("Internal server error") reads like a crash of ddb-migrate itself.
    const said = failure.message?.replace(/\.$/, '');
    return new ApplyError(`${where} kept failing: ${name} (HTTP ${status}) ${attemptsText(attempts)}${said && said !== name ? `: ${said}` : ''}; run the command again later`, 1, 'ENDPOINT_FAILING');
  }
  if (name === 'CredentialsProviderError') {
    return new ApplyError(`no AWS credentials found (${failure.message}); set a profile, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or use --local`, 1, 'NO_CREDENTIALS');
  }
  if (failure.message === 'Region is missing') return noRegion(undefined);
  return error instanceof Error ? error : new Error(String(error));
}

export function noRegion(profile: string | undefined): ApplyError {
  const forProfile = profile ? ` (profile "${profile}" sets none)` : '';
  return new ApplyError(`no AWS region${forProfile}: pass --region (e.g. --region us-east-1), set AWS_REGION, or use --local for the embedded engine`, 1, 'NO_REGION');
}
