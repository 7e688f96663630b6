/**
 * An HTTP proxy in front of a DynamoDB endpoint (dynalite in the tests) that injects the faults a
 * real endpoint produces: throttling, 5xx answers, dropped connections, slow answers and a table
 * that never leaves CREATING. The test sets a fault plan; the proxy records every operation it saw,
 * so a test can assert afterwards that nothing ever sent a DeleteTable.
 */
import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { listenOnLoopback } from '@ddb-migrations/test-support';

/** The DynamoDB errors the proxy can answer with, in the shapes DynamoDB sends them. */
export const DYNAMODB_ERRORS = {
  ThrottlingException: { status: 400, type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException', message: 'Rate of requests exceeds the allowed throughput.' },
  ProvisionedThroughputExceededException: {
    status: 400,
    type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
    message: 'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
  },
  InternalServerError: { status: 500, type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Internal server error' },
  ServiceUnavailable: { status: 503, type: 'com.amazonaws.dynamodb.v20120810#ServiceUnavailable', message: 'Service unavailable' },
} as const;

export type DynamoDbErrorName = keyof typeof DYNAMODB_ERRORS;

export type FaultAction =
  | { kind: 'pass' }
  /** Answer with this error. `afterForwarding`: the endpoint did the work, only its answer is an error. */
  | { kind: 'error'; error: DynamoDbErrorName; afterForwarding?: boolean }
  /** Destroy the socket without an answer. `afterForwarding`: the endpoint did the work, the answer is lost. */
  | { kind: 'drop'; afterForwarding?: boolean }
  /** Forward, and send the answer this much later. */
  | { kind: 'delay'; ms: number }
  /** Forward; a DescribeTable answer is rewritten so the table and every index read CREATING. */
  | { kind: 'stuck' };

export interface ProxiedRequest {
  /** The X-Amz-Target operation, e.g. "CreateTable"; "(none)" without the header. */
  operation: string;
  /** How many earlier requests of this operation the current plan has seen (0 for the first). */
  count: number;
  /** How many earlier requests of any operation the current plan has seen. */
  index: number;
  /** The request's TableName, when it has one. */
  tableName?: string;
}

export type FaultPlan = (request: ProxiedRequest) => FaultAction;

export const passThrough: FaultPlan = () => ({ kind: 'pass' });

export interface FaultProxy {
  endpoint: string;
  /** Every operation seen since the proxy started, in order, whatever the plan did with it. */
  readonly operations: readonly string[];
  /** Replaces the plan and restarts its counters. */
  setPlan(plan: FaultPlan): void;
  /** How many answers the current plan changed: errors, drops, delays, DescribeTable answers rewritten. */
  readonly faultsInjected: number;
  /** Closes the server and every socket, upstream ones included, and cancels delayed answers. */
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'x-amz-crc32']);

export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const target = new URL(upstream);
  // Own agent so close() can end the upstream sockets too.
  const agent = new Agent({ keepAlive: true });
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const operations: string[] = [];
  let plan: FaultPlan = passThrough;
  let counters = new Map<string, number>();
  let planRequests = 0;
  let faultsInjected = 0;
  let closed = false;

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => void handle(request, response, Buffer.concat(chunks)));
    request.on('error', () => request.socket.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  function later(ms: number, run: () => void) {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!closed) run();
    }, ms);
    timers.add(timer);
  }

  async function handle(request: IncomingMessage, response: ServerResponse, body: Buffer) {
    const operation = String(request.headers['x-amz-target'] ?? '').split('.').pop() || '(none)';
    operations.push(operation);
    const count = counters.get(operation) ?? 0;
    counters.set(operation, count + 1);
    const action = plan({ operation, count, index: planRequests++, tableName: tableNameOf(body) });
    // A stuck plan changes only DescribeTable answers that carry a table; those are counted when rewritten.
    if (action.kind !== 'pass' && action.kind !== 'stuck') faultsInjected++;

    if (action.kind === 'drop' && !action.afterForwarding) return request.socket.destroy();
    if (action.kind === 'error' && !action.afterForwarding) return sendError(response, action.error);
    let answer: Upstream;
    try {
      answer = await forward(request, body);
    } catch {
      // The endpoint itself failed (or is closing): the client sees a dropped connection.
      return request.socket.destroy();
    }
    if (action.kind === 'drop') return request.socket.destroy();
    if (action.kind === 'error') return sendError(response, action.error);
    if (action.kind === 'stuck' && operation === 'DescribeTable') {
      const rewritten = stuckInCreating(answer.body);
      if (rewritten !== answer.body) faultsInjected++;
      answer.body = rewritten;
    }
    if (action.kind === 'delay') return later(action.ms, () => send(response, answer));
    send(response, answer);
  }

  interface Upstream {
    status: number;
    headers: IncomingHttpHeaders;
    body: Buffer;
  }

  function forward(request: IncomingMessage, body: Buffer): Promise<Upstream> {
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        { agent, hostname: target.hostname, port: target.port, method: request.method, path: request.url, headers: { ...request.headers, 'content-length': String(body.length) } },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('end', () => resolve({ status: incoming.statusCode ?? 502, headers: incoming.headers, body: Buffer.concat(chunks) }));
          incoming.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  function send(response: ServerResponse, answer: Upstream) {
    if (response.destroyed) return;
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(answer.headers)) {
      // The body may have been rewritten: its length is set again, and the CRC32 of the original dropped.
      if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
    }
    headers['content-length'] = String(answer.body.length);
    response.writeHead(answer.status, headers);
    response.end(answer.body);
  }

  function sendError(response: ServerResponse, name: DynamoDbErrorName) {
    const { status, type, message } = DYNAMODB_ERRORS[name];
    const body = Buffer.from(JSON.stringify({ __type: type, message }));
    response.writeHead(status, {
      'content-type': 'application/x-amz-json-1.0',
      'content-length': String(body.length),
      'x-amzn-errortype': `${name}:`,
      'x-amzn-requestid': `fault-${operations.length}`,
    });
    response.end(body);
  }

  return {
    endpoint: await listenOnLoopback(server),
    operations,
    get faultsInjected() {
      return faultsInjected;
    },
    setPlan(next) {
      plan = next;
      counters = new Map();
      planRequests = 0;
      faultsInjected = 0;
    },
    close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of sockets) socket.destroy();
      agent.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function tableNameOf(body: Buffer): string | undefined {
  try {
    const name = (JSON.parse(body.toString('utf8')) as { TableName?: unknown }).TableName;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}

/** A DescribeTable answer with the table and every global secondary index CREATING; errors unchanged. */
export function stuckInCreating(body: Buffer): Buffer {
  let parsed: { Table?: { TableStatus?: string; GlobalSecondaryIndexes?: { IndexStatus?: string }[] } };
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return body;
  }
  if (!parsed.Table) return body;
  parsed.Table.TableStatus = 'CREATING';
  for (const index of parsed.Table.GlobalSecondaryIndexes ?? []) index.IndexStatus = 'CREATING';
  return Buffer.from(JSON.stringify(parsed));
}
