import { createRequire } from 'node:module';
import type * as FastestLevenshtein from 'fastest-levenshtein';
import type * as Yaml from 'yaml';
import type { Document } from 'yaml';
import type { ErrorObject } from 'ajv';
import validateStructure, { schemaDocument } from './generated/validate-schema.js';
import { SchemaError, type DocumentPath, type SchemaIssue, type SourcePosition } from './errors.js';
import type { Schema } from './model.js';
import { checkSchemaRules } from './rules.js';
import { toSchema } from './to-model.js';
import { hasTag, inexactNumber, lexicalFindings, sameObjectKey, withLineFeeds } from './yaml-data.js';

// The YAML parser (about 70 modules) and the typo matcher load on first use, not at import: `generate`
// with the built-in schema imports this module but parses no YAML, and start-up time is a product
// goal (BENCHMARKS.md). require() keeps loadSchema synchronous; both packages ship CommonJS for Node.
const require = createRequire(import.meta.url);
let yamlModule: typeof Yaml | undefined;
const yaml = (): typeof Yaml => (yamlModule ??= require('yaml') as typeof Yaml);
const levenshtein = (): typeof FastestLevenshtein => require('fastest-levenshtein') as typeof FastestLevenshtein;

/** Larger files are refused before parsing: a schema of 500 tables is well under this. */
export const MAX_SCHEMA_BYTES = 4 * 1024 * 1024;

/**
 * Parses and validates `ddb-migrations.yaml`. Throws one `SchemaError`, positioned at
 * file:line:column: syntax first, then the first structural problem in document order, then the
 * first rule violation (rules only run on a structurally valid file).
 */
export function loadSchema(bytes: Uint8Array | string, file: string): Schema {
  const text = withLineFeeds(decode(bytes, file));
  const { LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: sameObjectKey(yaml()) });
  const positionAt = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };

  // Too deep to parse: the library reports its own stack overflow (wording and place depend on the
  // stack size); say so in our words, at the first place the nesting passes the limit.
  const tooDeep = (fallbackOffset: number): SchemaError => {
    const found = lexicalFindings(yaml(), text).tooDeep;
    return new SchemaError(found?.message ?? 'YAML nesting is too deep to read', positionAt(found?.offset ?? fallbackOffset));
  };
  const exhausted = document.errors.find((error) => error.code === 'RESOURCE_EXHAUSTION');
  if (exhausted) throw tooDeep(exhausted.pos[0]);
  const syntaxError = document.errors[0];
  if (syntaxError) {
    // The library's wording for this one names its own API (parseAllDocuments); say what to do instead.
    const message = syntaxError.code === 'MULTIPLE_DOCS'
      ? 'a schema file holds one YAML document; remove the second "---" and what follows it'
      : syntaxError.code === 'DUPLICATE_KEY'
        // Name the key: `1` and `"1"` look different but are one key once read.
        ? `Map keys must be unique; ${keySourceAt(document, text, syntaxError.pos[0])} is the same key as one before it in this mapping`
        : firstSentence(syntaxError.message);
    throw new SchemaError(`YAML syntax error: ${message}`, positionAt(syntaxErrorOffset(syntaxError, text)));
  }
  if (document.contents === null) throw new SchemaError('schema file is empty; it needs a "tables:" list', { file, line: 1, column: 1 });
  try {
    return checkedSchema(document, text, positionAt);
  } catch (error) {
    // The walks below recurse too; on a smaller stack than the parser's they can be the first to overflow.
    if (error instanceof RangeError) throw tooDeep(0);
    throw error;
  }
}

/** A parsed document through the data checks, the structure and the rules, to the model. */
function checkedSchema(document: Document, text: string, positionAt: (offset: number) => SourcePosition): Schema {
  if (hasTag(yaml(), document)) {
    const tag = lexicalFindings(yaml(), text).tag;
    if (tag) throw new SchemaError(tag.message, positionAt(tag.offset));
  }
  const inexact = inexactNumber(yaml(), document);
  if (inexact) throw new SchemaError(inexact.message, positionAt(inexact.offset));

  const data = toPlainData(document, positionAt);
  if (!validateStructure(data)) {
    const issues = (validateStructure.errors ?? []).map(toIssue);
    throw firstIssueError(issues, document, positionAt);
  }
  const issues = checkSchemaRules(data);
  if (issues.length > 0) throw firstIssueError(issues, document, positionAt);
  return toSchema(data);
}

/**
 * The document as plain data. Aliases are the one thing that can still fail here: one without an
 * anchor, or so many that expanding them would exhaust memory ("billion laughs"). Both are reported
 * at the first alias.
 */
function toPlainData(document: Document, positionAt: (offset: number) => SourcePosition): unknown {
  try {
    return document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    const tooMany = /excessive alias count/i.test(String((error as Error).message));
    let alias: { offset: number; name: string } | undefined;
    yaml().visit(document, {
      Alias(_key, node) {
        if (tooMany || !node.resolve(document)) alias ??= { offset: node.range?.[0] ?? 0, name: node.source };
      },
    });
    if (alias === undefined) throw error;
    const reason = tooMany
      ? 'too many alias expansions (more than 100); write the values out instead'
      : `alias "*${alias.name}" has no anchor "&${alias.name}" before it`;
    throw new SchemaError(`YAML error: ${reason}`, positionAt(alias.offset));
  }
}

function decode(bytes: Uint8Array | string, file: string): string {
  if (typeof bytes === 'string') return bytes;
  if (bytes.byteLength > MAX_SCHEMA_BYTES) {
    throw new SchemaError(`schema file is ${bytes.byteLength} bytes; the limit is ${MAX_SCHEMA_BYTES}`, { file, line: 1, column: 1 });
  }
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Windows PowerShell 5.1's `>` and Out-File write UTF-16 with a byte-order mark.
  if ((buffer[0] === 0xff && buffer[1] === 0xfe) || (buffer[0] === 0xfe && buffer[1] === 0xff)) {
    throw new SchemaError('schema file is UTF-16; save it as UTF-8', { file, line: 1, column: 1 });
  }
  const text = buffer.toString('utf8');
  // Valid UTF-8 survives a decode/encode round trip byte for byte; the first byte that does not is the bad one.
  const roundTrip = Buffer.from(text, 'utf8');
  if (!roundTrip.equals(buffer)) {
    let offset = 0;
    while (offset < buffer.length && buffer[offset] === roundTrip[offset]) offset++;
    // LF, CRLF and a bare CR each end a line, as in withLineFeeds.
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < offset; i++) {
      if (buffer[i] === 0x0a || (buffer[i] === 0x0d && buffer[i + 1] !== 0x0a)) {
        line++;
        lineStart = i + 1;
      }
    }
    const column = buffer.subarray(lineStart, offset).toString('utf8').length + 1;
    throw new SchemaError('schema file is not valid UTF-8', { file, line, column });
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** An unterminated quoted string is reported by the parser at the end of the file; point at its opening quote. */
function syntaxErrorOffset(error: { code: string; message: string; pos: [number, number] }, text: string): number {
  const quote = /^Missing closing (["'])quote/.exec(error.message)?.[1];
  if (error.code === 'MISSING_CHAR' && quote) {
    const opening = text.lastIndexOf(quote, error.pos[0] - 1);
    if (opening >= 0) return opening;
  }
  return error.pos[0];
}

/** The key as written (quotes included) of the node starting at `offset`. */
function keySourceAt(document: Document, text: string, offset: number): string {
  let source = text.slice(offset).split(/[:\n]/, 1)[0]!.trim();
  yaml().visit(document, {
    Scalar(_key, node) {
      if (node.range?.[0] !== offset) return undefined;
      source = text.slice(node.range[0], node.range[1]);
      return yaml().visit.BREAK;
    },
  });
  return source;
}

function firstSentence(message: string): string {
  return message.split(/ at line \d+, column \d+/)[0]!.split('\n')[0]!.trim();
}

function toIssue(error: ErrorObject): SchemaIssue {
  const path: DocumentPath = error.instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
  const field = path.length > 0 ? `"${path.at(-1)}"` : 'the file';
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      const allowed = allowedKeysAt(path);
      const suggestion = allowed.length > 0 ? levenshtein().closest(key, allowed) : undefined;
      const hint = suggestion && similar(key, suggestion) ? `; did you mean "${suggestion}"?` : `; allowed keys: ${allowed.join(', ')}`;
      return { path: [...path, key], message: `unknown key "${key}"${hint}`, atKey: true };
    }
    case 'required':
      return { path, message: `missing required key "${String(error.params.missingProperty)}"` };
    case 'enum':
      return { path, message: `${field} must be one of ${(error.params.allowedValues as unknown[]).join(', ')}` };
    case 'type':
      return { path, message: `${field} must be ${article(String(error.params.type))}` };
    case 'minItems':
      return { path, message: `${field} must list at least ${String(error.params.limit)} item${error.params.limit === 1 ? '' : 's'}` };
    default:
      return { path, message: `${field} ${error.message ?? 'is invalid'}` };
  }
}

/** Close enough to be a typo: a few edits, relative to the length of the word. */
function similar(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase() || levenshtein().distance(a.toLowerCase(), b.toLowerCase()) <= Math.max(2, Math.floor(Math.max(a.length, b.length) / 3));
}

/** The keys the JSON Schema allows for the object at a document path. */
function allowedKeysAt(path: DocumentPath): string[] {
  const resolve = (node: any): any => (node?.$ref ? schemaDocument.definitions[String(node.$ref).split('/').pop()!] : node);
  let node: any = schemaDocument;
  for (const segment of path) {
    node = resolve(node);
    node = typeof segment === 'number' ? node?.items : node?.properties?.[segment];
  }
  return Object.keys(resolve(node)?.properties ?? {});
}

function article(type: string): string {
  return type === 'array' || type === 'object' || type === 'integer' ? `an ${type}` : `a ${type}`;
}

function firstIssueError(issues: SchemaIssue[], document: Document, positionAt: (offset: number) => SourcePosition): SchemaError {
  // A misspelt key also makes the real key "missing": report the misspelling, which is the cause.
  const misspeltIn = new Set(issues.filter((issue) => issue.atKey).map((issue) => JSON.stringify(issue.path.slice(0, -1))));
  const causes = issues.filter((issue) => !(issue.message.startsWith('missing required key') && misspeltIn.has(JSON.stringify(issue.path))));
  const located = causes.map((issue) => ({ issue, offset: offsetOf(document, issue) }));
  located.sort((a, b) => a.offset - b.offset);
  const first = located[0]!;
  return new SchemaError(first.issue.message, positionAt(first.offset));
}

/** Finds the closest node in the YAML document for a path, falling back to its nearest ancestor. */
function offsetOf(document: Document, issue: SchemaIssue): number {
  const { isMap, isPair, isScalar } = yaml();
  let node: unknown = document.contents;
  let offset = rangeStart(node);
  for (const [index, segment] of issue.path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) break;
      const isLast = index === issue.path.length - 1 && issue.atKey === true;
      offset = rangeStart(isLast ? pair.key : (pair.value ?? pair.key));
      node = pair.value;
      if (isLast) break;
    } else if (node && typeof node === 'object' && 'items' in node && typeof segment === 'number') {
      const item = (node as { items: unknown[] }).items[segment];
      if (item === undefined) break;
      node = item;
      offset = rangeStart(item);
    } else {
      break;
    }
  }
  return offset;
}

function rangeStart(node: unknown): number {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? range[0] : 0;
}
