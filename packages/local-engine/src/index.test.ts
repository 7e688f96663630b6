import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCK_FILE, startLocalEngine } from './index.js';

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

describe('one process per data folder', () => {
  const folders: string[] = [];
  const dataFolder = () => {
    const folder = mkdtempSync(join(tmpdir(), 'ddb-lock-'));
    folders.push(folder);
    return folder;
  };
  afterEach(() => {
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });

  it('makes a second start on the same folder wait for the first to close, then serve the same data', async () => {
    const dbPath = dataFolder();
    const waits: string[] = [];
    const first = await startLocalEngine({ dbPath, port: 0, createTableMs: 0 });
    await call(first.endpoint, 'CreateTable', {
      TableName: 'kept',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    });
    const second = startLocalEngine({ dbPath, port: 0, onWait: (message) => waits.push(message) });
    await new Promise((done) => setTimeout(done, 300));
    expect(waits).toEqual([expect.stringMatching(new RegExp(`^waiting for the data folder .*ddb-lock-.*: in use by pid ${process.pid}$`))]);
    await first.close();
    const engine = await second;
    try {
      expect((await call(engine.endpoint, 'ListTables', {})).json.TableNames).toEqual(['kept']);
    } finally {
      await engine.close();
    }
  });

  it('gives up with one clear message when the folder stays in use', async () => {
    const dbPath = dataFolder();
    const first = await startLocalEngine({ dbPath, port: 0 });
    try {
      await expect(startLocalEngine({ dbPath, port: 0, lockTimeoutMs: 200 })).rejects.toThrow(
        /^the data folder .* is in use by another process \(pid \d+\); run `ddb-migrate local` once to share it, or choose another with --db-path$/,
      );
    } finally {
      await first.close();
    }
  });

  it('takes over a lock left by a process that no longer runs', async () => {
    const dbPath = dataFolder();
    // The pid of a process that has exited, so nobody holds the folder.
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    writeFileSync(join(dbPath, LOCK_FILE), `${gone}\n`);
    const engine = await startLocalEngine({ dbPath, port: 0, lockTimeoutMs: 0 });
    await engine.close();
  });
});
