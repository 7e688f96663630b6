import { createServer, type Server } from 'node:http';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenOnLoopback } from '@ddb-migrations/test-support';
import { createDynamoDbClient, MAX_ATTEMPTS, MAX_THROTTLED_ATTEMPTS, TwoBudgetRetryStrategy } from './client.js';
import { describeConnectionError } from './connection-errors.js';

const answered = (name: string, message: string, httpStatusCode: number, attempts?: number) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode, ...(attempts ? { attempts } : {}) } });

describe('describeConnectionError: answers that outlasted the retries', () => {
  it('names the endpoint, the error, the status and the attempts for a 5xx', () => {
    expect(describeConnectionError(answered('InternalServerError', 'Internal server error', 500, 6), 'http://127.0.0.1:8000').message).toBe(
      'http://127.0.0.1:8000 kept failing: InternalServerError (HTTP 500) on all 6 attempts: Internal server error; run the command again later',
    );
    expect(describeConnectionError(answered('ServiceUnavailable', 'ServiceUnavailable', 503), undefined).message).toBe(
      'DynamoDB kept failing: ServiceUnavailable (HTTP 503) on the only attempt; run the command again later',
    );
  });

  it('does the same for throttling, and leaves other 4xx answers alone', () => {
    expect(describeConnectionError(answered('ThrottlingException', 'Rate of requests exceeds the allowed throughput.', 400, 6), undefined).message).toBe(
      'DynamoDB kept failing: ThrottlingException (HTTP 400) on all 6 attempts: Rate of requests exceeds the allowed throughput; run the command again later',
    );
    const validation = answered('ValidationException', 'One or more parameter values were invalid', 400, 1);
    expect(describeConnectionError(validation, undefined)).toBe(validation);
  });
});

describe('describeConnectionError with the real SDK error', () => {
  let server: Server;
  let endpoint: string;
  beforeAll(async () => {
    // An endpoint that answers every request the way DynamoDB answers an internal failure.
    server = createServer((_request, response) => {
      response.writeHead(500, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': 'InternalServerError:' });
      response.end(JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Internal server error' }));
    });
    endpoint = await listenOnLoopback(server);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reports a persistent 500 in one line after the retries', async () => {
    const client = createDynamoDbClient({ endpoint, maxAttempts: 2, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' } });
    const error = await client.send(new DescribeTableCommand({ TableName: 'sessions' })).catch((caught: unknown) => caught);
    client.destroy();
    expect(describeConnectionError(error, endpoint).message).toBe(
      `${endpoint} kept failing: InternalServerError (HTTP 500) on all 2 attempts: Internal server error; run the command again later`,
    );
  });
});

describe('two retry budgets: throttling gets more attempts than failures', () => {
  let server: Server;
  let endpoint: string;
  let answer: 'throttle' | 'fail' = 'fail';
  let requests = 0;
  beforeAll(async () => {
    server = createServer((_request, response) => {
      requests++;
      const [status, type, message] = answer === 'throttle' ? [400, 'ThrottlingException', 'Rate of requests exceeds the allowed throughput.'] : [500, 'InternalServerError', 'Internal server error'];
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message }));
    });
    endpoint = await listenOnLoopback(server);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const attemptsFor = async (kind: typeof answer) => {
    answer = kind;
    requests = 0;
    const client = createDynamoDbClient({ endpoint, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' } });
    const error = (await client.send(new DescribeTableCommand({ TableName: 'sessions' })).catch((caught: unknown) => caught)) as { $metadata: { attempts: number } };
    client.destroy();
    return { requests, reported: error.$metadata.attempts };
  };

  it(`retries a 5xx from a real endpoint ${MAX_ATTEMPTS} times in all`, async () => {
    expect(await attemptsFor('fail')).toEqual({ requests: MAX_ATTEMPTS, reported: MAX_ATTEMPTS });
  });

  // The strategy itself, with a backoff of 0 instead of the SDK's throttling backoff (up to 20 s a retry).
  it(`allows ${MAX_THROTTLED_ATTEMPTS} attempts for throttling and ${MAX_ATTEMPTS} for timeouts, dropped connections and 5xx`, async () => {
    const allowed = async (errorType: 'THROTTLING' | 'TRANSIENT') => {
      const strategy = new TwoBudgetRetryStrategy(MAX_ATTEMPTS, { computeNextBackoffDelay: () => 0, setDelayBase: () => {} });
      let token = await strategy.acquireInitialRetryToken('dynamodb');
      let attempts = 1;
      for (;;) {
        try {
          token = await strategy.refreshRetryTokenForRetry(token, { errorType });
          attempts++;
        } catch {
          return attempts;
        }
      }
    };
    expect(await allowed('THROTTLING')).toBe(MAX_THROTTLED_ATTEMPTS);
    // Timeouts, dropped connections and 5xx answers are all TRANSIENT to the SDK.
    expect(await allowed('TRANSIENT')).toBe(MAX_ATTEMPTS);
  });
});
