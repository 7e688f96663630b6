/**
 * A proxy, captive portal or wrong service answers with an HTML or text page; the SDK then fails
 * with a JSON SyntaxError pointing at its hidden `$response` field. This middleware reads the raw
 * answer first and turns a body that is not JSON into an error naming the status and a short excerpt.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Readable } from 'node:stream';

const EXCERPT_CHARACTERS = 80;

/** An answer that is not DynamoDB's JSON. Carries $metadata so 5xx pages are retried like any 5xx. */
export class UnexpectedAnswerError extends Error {
  readonly $metadata: { httpStatusCode: number };
  constructor(
    readonly status: number,
    readonly contentType: string,
    readonly excerpt: string,
  ) {
    super(`HTTP ${status} with ${contentType || 'no content type'} instead of DynamoDB JSON${excerpt ? `: "${excerpt}"` : ''}`);
    this.name = 'UnexpectedAnswerError';
    this.$metadata = { httpStatusCode: status };
  }
}

interface RawResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: unknown;
}

async function readAll(body: unknown): Promise<Buffer> {
  if (body instanceof Uint8Array) return Buffer.from(body);
  const chunks: Buffer[] = [];
  for await (const chunk of body as Readable) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** The visible text of a page, one line: a <title> if there is one, else the text without tags. */
export function excerptOf(text: string): string {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1];
  const visible = (title ?? text.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
  return visible.length > EXCERPT_CHARACTERS ? `${visible.slice(0, EXCERPT_CHARACTERS - 1)}…` : visible;
}

export function rejectAnswersThatAreNotJson(client: DynamoDBClient): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const response = result.response as RawResponse | undefined;
      if (!response || response.body === undefined) return result;
      const bytes = await readAll(response.body);
      // Put the bytes back for the SDK's own deserializer, which accepts a Uint8Array body.
      response.body = new Uint8Array(bytes);
      const text = bytes.toString('utf8');
      if (text.trim() === '') return result;
      try {
        JSON.parse(text);
        return result;
      } catch {
        const contentType = Object.entries(response.headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
        throw new UnexpectedAnswerError(response.statusCode, contentType.split(';')[0]!.trim(), excerptOf(text));
      }
    },
    // Low priority within the deserialize step: runs inside the SDK's deserializer, on the raw answer.
    { step: 'deserialize', name: 'rejectAnswersThatAreNotJson', priority: 'low' },
  );
}
