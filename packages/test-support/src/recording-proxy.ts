import { createServer, request as httpRequest } from 'node:http';
import { listenOnLoopback } from './loopback.js';

/** One JSON-protocol AWS request (DynamoDB, KMS, STS over JSON): its X-Amz-Target and parsed body. */
export interface RecordedRequest {
  /** e.g. `DynamoDB_20120810.CreateTable`, `TrentService.DescribeKey`; `(none)` without the header. */
  target: string;
  body: Record<string, unknown>;
}

export interface RecordingProxy {
  endpoint: string;
  readonly requests: readonly RecordedRequest[];
  close(): Promise<void>;
}

/**
 * Forwards every request to `upstream` unchanged and records it, so a test sees exactly what a
 * client (the Terraform provider) sent: which operations, with which bodies.
 */
export async function startRecordingProxy(upstream: string): Promise<RecordingProxy> {
  const target = new URL(upstream);
  const requests: RecordedRequest[] = [];
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      let parsed: Record<string, unknown> = {};
      try {
        parsed = body.length > 0 ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
      } catch {
        // not JSON (a query-protocol call): recorded by target only
      }
      requests.push({ target: String(incoming.headers['x-amz-target'] ?? '(none)'), body: parsed });
      const forwarded = httpRequest(
        { hostname: target.hostname, port: target.port, path: incoming.url, method: incoming.method, headers: incoming.headers },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      forwarded.on('error', (error) => {
        outgoing.writeHead(502);
        outgoing.end(String(error));
      });
      forwarded.end(body);
    });
  });
  const endpoint = await listenOnLoopback(server);
  return {
    endpoint,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
