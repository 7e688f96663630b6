import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startLocalEngine } from './index.js';

/** A raw DynamoDB JSON call, so this package's test needs no SDK. */
async function call(endpoint: string, operation: string, body: object): Promise<{ status: number; json: Record<string, any> }> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `DynamoDB_20120810.${operation}`,
      authorization: 'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
      'x-amz-date': '20260101T000000Z',
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, any> };
}

describe('startLocalEngine', () => {
  it('serves an in-memory engine on loopback at a free port, and closes it', async () => {
    const engine = await startLocalEngine({ inMemory: true, port: 0, createTableMs: 0 });
    try {
      expect(engine.endpoint).toBe(`http://127.0.0.1:${engine.port}`);
      expect(engine.port).toBeGreaterThan(0);
      const created = await call(engine.endpoint, 'CreateTable', {
        TableName: 'probe',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      });
      expect(created.status).toBe(200);
      expect((await call(engine.endpoint, 'ListTables', {})).json.TableNames).toEqual(['probe']);
    } finally {
      await engine.close();
    }
    // Closed means the port is free again.
    await new Promise<void>((resolve, reject) => {
      const probe = createServer().once('error', reject).listen(engine.port, '127.0.0.1', () => probe.close(() => resolve()));
    });
  });

  it('brackets an IPv6 host in the endpoint', async () => {
    // Only a machine without IPv6 loopback skips; any other failure to start is a failure.
    const engine = await startLocalEngine({ inMemory: true, host: '::1', port: 0 }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRNOTAVAIL' || error.code === 'EAFNOSUPPORT') return undefined;
      throw error;
    });
    if (!engine) return console.warn('\n*** SKIPPED: no IPv6 loopback on this machine ***\n');
    try {
      expect(engine.endpoint).toBe(`http://[::1]:${engine.port}`);
    } finally {
      await engine.close();
    }
  });
});
