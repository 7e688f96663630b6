import { createServer, type Server } from 'node:http';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenOnLoopback } from '@ddb-migrations/test-support';
import { createDynamoDbClient } from './client.js';
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
