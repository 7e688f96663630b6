/**
 * The common AWS mistakes, each through the real SDK on loopback only: the answer or failure the
 * SDK produces is turned into one line that names the fix. A mistyped region resolves through an
 * injected resolver, so no test asks real DNS about AWS.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { LookupFunction } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenOnLoopback } from '@ddb-migrations/test-support';
import { excerptOf } from './answer-check.js';
import { createDynamoDbClient, endpointSetting, type ConnectionOptions } from './client.js';
import { describeConnectionError } from './connection-errors.js';
import { resolveTarget } from './target.js';

const credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' };

async function failureOf(options: ConnectionOptions): Promise<unknown> {
  const client = createDynamoDbClient({ credentials, maxAttempts: 2, ...options }, {});
  try {
    await client.send(new DescribeTableCommand({ TableName: 'sessions' }));
    throw new Error('the call succeeded');
  } catch (error) {
    return error;
  } finally {
    client.destroy();
  }
}

describe('an HTTP page instead of DynamoDB JSON', () => {
  const pages: { status: number; type: string; body: string; excerpt: string }[] = [
    { status: 502, type: 'text/html', body: '<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>', excerpt: '502 Bad Gateway' },
    { status: 200, type: 'text/html; charset=utf-8', body: '<!doctype html><html><body><h1>Welcome to nginx!</h1><script>var x = 1;</script></body></html>', excerpt: 'Welcome to nginx!' },
    { status: 403, type: 'text/plain', body: 'Access denied by corporate proxy\n', excerpt: 'Access denied by corporate proxy' },
    { status: 404, type: '', body: 'Not Found', excerpt: 'Not Found' },
  ];
  const servers: Server[] = [];
  const endpoints: string[] = [];
  beforeAll(async () => {
    for (const page of pages) {
      const server = createServer((_request, response) => {
        response.writeHead(page.status, page.type ? { 'content-type': page.type } : {});
        response.end(page.body);
      });
      servers.push(server);
      endpoints.push(await listenOnLoopback(server));
    }
  });
  afterAll(() => Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve())))));

  it('names the status, the content type and a short excerpt, never the SDK internals', async () => {
    for (const [i, page] of pages.entries()) {
      const message = describeConnectionError(await failureOf({ endpoint: endpoints[i] }), endpoints[i]).message;
      const contentType = page.type.split(';')[0] || 'no content type';
      expect(message).toContain(`${endpoints[i]} answered HTTP ${page.status} with ${contentType} instead of DynamoDB JSON: "${page.excerpt}"`);
      expect(message).toContain('check that --endpoint-url points at a DynamoDB endpoint');
      expect(message).not.toMatch(/\$response|Deserialization|SyntaxError|Unexpected token/);
    }
  });

  it('cuts a long page to a one-line excerpt', () => {
    const excerpt = excerptOf(`<html><body>${'word '.repeat(100)}</body></html>`);
    expect(excerpt).toHaveLength(80);
    expect(excerpt.endsWith('…')).toBe(true);
    expect(excerptOf('<p>two\n\nlines</p>')).toBe('two lines');
  });
});

describe('a mistyped region', () => {
  /** Resolves nothing and records what was asked: the stand-in for DNS. */
  const asked: string[] = [];
  const nothingResolves: LookupFunction = (hostname, _options, callback) => {
    asked.push(hostname);
    process.nextTick(() => callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname, syscall: 'getaddrinfo' }), '', 4));
  };

  it('names the region and the host that did not resolve', async () => {
    const error = await failureOf({ region: 'us-esat-1', lookup: nothingResolves });
    expect(asked).toContain('dynamodb.us-esat-1.amazonaws.com');
    expect(describeConnectionError(error, undefined, 'us-esat-1').message).toBe(
      'cannot reach DynamoDB in us-esat-1: host dynamodb.us-esat-1.amazonaws.com did not resolve; check the region: is "us-esat-1" spelled right? (--region, AWS_REGION; e.g. us-east-1)',
    );
  });

  it('says the network, before the spelling, when DNS does not answer at all', async () => {
    const noAnswer: LookupFunction = (hostname, _options, callback) =>
      process.nextTick(() => callback(Object.assign(new Error(`getaddrinfo EAI_AGAIN ${hostname}`), { code: 'EAI_AGAIN', hostname, syscall: 'getaddrinfo' }), '', 4));
    const error = await failureOf({ region: 'eu-west-1', lookup: noAnswer });
    expect(describeConnectionError(error, undefined, 'eu-west-1').message).toBe(
      'cannot reach DynamoDB in eu-west-1: DNS did not answer for host dynamodb.eu-west-1.amazonaws.com; check the network connection, then the region: is "eu-west-1" spelled right? (--region, AWS_REGION; e.g. us-east-1)',
    );
  });

  it('names the host of an endpoint that does not resolve', async () => {
    const endpoint = 'http://dynamo.example.invalid:8000';
    const error = await failureOf({ endpoint, region: 'us-east-1', lookup: nothingResolves });
    expect(describeConnectionError(error, endpoint, 'us-east-1').message).toBe(
      'cannot reach http://dynamo.example.invalid:8000: host dynamo.example.invalid did not resolve; check the host in the endpoint URL',
    );
  });
});

describe('an endpoint without a scheme', () => {
  const cases: [ConnectionOptions, NodeJS.ProcessEnv, string][] = [
    [{ endpoint: 'localhost:8000' }, {}, '--endpoint-url "localhost:8000" is not an http(s) URL: add the scheme: http://localhost:8000 (or https://localhost:8000)'],
    [{}, { AWS_ENDPOINT_URL_DYNAMODB: '127.0.0.1:8000' }, 'AWS_ENDPOINT_URL_DYNAMODB "127.0.0.1:8000" is not an http(s) URL: add the scheme: http://127.0.0.1:8000 (or https://127.0.0.1:8000)'],
    [{}, { AWS_ENDPOINT_URL: 'dynamodb.local' }, 'AWS_ENDPOINT_URL "dynamodb.local" is not an http(s) URL: add the scheme: http://dynamodb.local (or https://dynamodb.local)'],
    [{ endpoint: 'ftp://localhost:8000' }, {}, '--endpoint-url "ftp://localhost:8000" is not an http(s) URL: use http:// or https://'],
    [{ endpoint: 'http://[::1' }, {}, '--endpoint-url "http://[::1" is not a valid URL'],
  ];
  it.each(cases)('%j %j is refused before any call, naming where it came from', (options, env, message) => {
    expect(() => createDynamoDbClient(options, env)).toThrow(message);
    expect(endpointSetting(options, env)).toBeDefined();
  });
});

describe('region and profile, before the first call', () => {
  const folder = mkdtempSync(join(tmpdir(), 'ddb-aws-config-'));
  const config = join(folder, 'config');
  const credentialsFile = join(folder, 'credentials');
  writeFileSync(config, '[default]\nregion = eu-west-1\n\n[profile dev]\nregion = eu-central-1\n\n[profile noregion]\noutput = json\n\n[sso-session corp]\nsso_region = us-east-1\n');
  writeFileSync(credentialsFile, '[ci]\naws_access_key_id = AKIDCI\naws_secret_access_key = secret\n');
  const env = { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentialsFile };
  const saved = { ...process.env };
  beforeAll(() => {
    // The SDK's config loader reads process.env; give it only these files.
    for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
    Object.assign(process.env, env);
  });
  afterAll(() => {
    for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
    Object.assign(process.env, saved);
  });

  const target = async (options: ConnectionOptions, extraEnv: NodeJS.ProcessEnv = {}) => {
    Object.assign(process.env, extraEnv);
    const client = createDynamoDbClient(options, process.env);
    try {
      return await resolveTarget(client, { profile: options.profile, endpoint: options.endpoint }, process.env);
    } finally {
      client.destroy();
      for (const key of Object.keys(extraEnv)) delete process.env[key];
    }
  };

  it('learns the region from the profile and names the profile', async () => {
    expect(await target({ profile: 'dev' })).toEqual({ endpoint: 'https://dynamodb.eu-central-1.amazonaws.com', region: 'eu-central-1', profile: 'dev' });
    expect(await target({ profile: 'ci', region: 'us-west-2' })).toMatchObject({ region: 'us-west-2', profile: 'ci' });
  });

  it('names an unknown profile, from --profile or AWS_PROFILE, with the profiles there are', async () => {
    await expect(target({ profile: 'staging' })).rejects.toThrow(
      `AWS profile "staging" (from --profile) is not defined in ${config} or ${credentialsFile}; known profiles: ci, default, dev, noregion (aws configure --profile staging creates it)`,
    );
    await expect(target({}, { AWS_PROFILE: 'prod' })).rejects.toThrow('AWS profile "prod" (from AWS_PROFILE) is not defined');
  });

  it('says how to give a region when there is none', async () => {
    await expect(target({ profile: 'noregion' })).rejects.toThrow(
      'no AWS region (profile "noregion" sets none): pass --region (e.g. --region us-east-1), set AWS_REGION, or use --local for the embedded engine',
    );
    process.env.AWS_CONFIG_FILE = join(folder, 'missing');
    try {
      await expect(target({})).rejects.toThrow('no AWS region: pass --region (e.g. --region us-east-1), set AWS_REGION, or use --local for the embedded engine');
    } finally {
      process.env.AWS_CONFIG_FILE = config;
    }
  });
});
