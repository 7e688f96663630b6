/**
 * What keeps a schema file plain data: no YAML tags (`!Ref`, `!!str`: a tag asks the loader to run
 * or retype something, and the yaml library would silently drop an unknown one), no two keys that
 * become the same object key (`1` and `"1"`), only numbers read exactly, and a nesting depth far
 * below what would exhaust the parser's stack. Positions are character offsets into the text.
 */
import type * as Yaml from 'yaml';
import type { Document, Scalar } from 'yaml';

/** The deepest a valid schema nests is 7 levels (tables, table, indexes, index, key, ...). */
export const MAX_NESTING_DEPTH = 64;

/** A bare CR is a YAML line break (YAML 1.2, 5.4) the yaml library does not honour; CR -> LF keeps every offset. */
export function withLineFeeds(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/**
 * Keys equal once converted to the object keys `toJS` produces: `1`, `"1"` and `+1`'s value 1 all
 * become "1", `~` and `""` both "". The library's default compares typed values, so one of two such
 * keys was silently lost.
 */
export function sameObjectKey(yaml: typeof Yaml): (a: unknown, b: unknown) => boolean {
  return (a, b) => a === b || (yaml.isScalar(a) && yaml.isScalar(b) && String(a.value ?? '') === String(b.value ?? ''));
}

export interface Finding {
  offset: number;
  message: string;
}

/** Whether any node carries an explicit tag; where its `!` stands is found by `lexicalFindings`. */
export function hasTag(yaml: typeof Yaml, document: Document): boolean {
  let tagged = false;
  yaml.visit(document, {
    Node(_key, node) {
      if (node.tag !== undefined) {
        tagged = true;
        return yaml.visit.BREAK;
      }
      return undefined;
    },
  });
  return tagged;
}

/** Markers the lexer emits that are not source text. */
const ZERO_WIDTH = new Set(['\u0002', '\u0018', '\u001f']);

/**
 * One pass of the yaml lexer (a flat state machine, so it never recurses) over the text: the first
 * tag, and the first place nesting exceeds MAX_NESTING_DEPTH. Block depth is the stack of columns at
 * which block entries start (`-`, `?`, or a key at the start of a line or after `- `); flow depth is
 * the count of open `[` and `{`. Run only when a check failed, so a valid file is lexed once.
 */
export function lexicalFindings(yaml: typeof Yaml, text: string): { tag?: Finding; tooDeep?: Finding } {
  const found: { tag?: Finding; tooDeep?: Finding } = {};
  const blockColumns: number[] = [];
  let flowDepth = 0;
  let offset = 0;
  let lineStart = 0;
  let entryMayStart = true;
  for (const token of new yaml.Lexer().lex(text)) {
    if (ZERO_WIDTH.has(token)) continue;
    const type = yaml.CST.tokenType(token);
    const at = offset;
    offset += token.length;
    if (type === 'newline') {
      lineStart = offset;
      entryMayStart = true;
      continue;
    }
    if (type === 'space' || type === 'comment') continue;
    if (type === 'tag') {
      found.tag ??= { offset: at, message: `YAML tag "${token}" is not allowed: a schema file is plain data, and tags such as CloudFormation's !Ref are not evaluated; write the value itself` };
      continue;
    }
    if (type === 'anchor') continue;
    if (type === 'doc-start' || type === 'doc-end' || type === 'directive-line') {
      blockColumns.length = 0;
      continue;
    }
    if (type === 'flow-seq-start' || type === 'flow-map-start') flowDepth++;
    else if (type === 'flow-seq-end' || type === 'flow-map-end') flowDepth = Math.max(0, flowDepth - 1);
    else if (flowDepth === 0 && (entryMayStart || type === 'seq-item-ind' || type === 'explicit-key-ind')) {
      const column = at - lineStart;
      while (blockColumns.length > 0 && blockColumns.at(-1)! >= column) blockColumns.pop();
      blockColumns.push(column);
    }
    entryMayStart = type === 'seq-item-ind' || type === 'explicit-key-ind';
    if (!found.tooDeep && blockColumns.length + flowDepth > MAX_NESTING_DEPTH) {
      found.tooDeep = { offset: at, message: `YAML nesting is deeper than ${MAX_NESTING_DEPTH} levels; a schema needs fewer than 10` };
    }
    if (found.tag && found.tooDeep) break;
  }
  return found;
}

/**
 * The first number the document does not hold exactly: an integer beyond 2^53 - 1, where JavaScript
 * (and so every artifact) would round it, or a literal such as `1.0000000000000001` that rounds to
 * an integer it does not denote.
 */
export function inexactNumber(yaml: typeof Yaml, document: Document): Finding | undefined {
  let found: Finding | undefined;
  yaml.visit(document, {
    Scalar(_key, node: Scalar) {
      if (typeof node.value !== 'number' || !Number.isInteger(node.value)) return undefined;
      const source = node.source ?? String(node.value);
      const exact = exactIntegerOf(source);
      if (exact !== undefined && exact === BigInt(node.value) && Number.isSafeInteger(node.value)) return undefined;
      found = {
        offset: node.range?.[0] ?? 0,
        message: exact === undefined || exact === BigInt(node.value)
          ? `number ${source} is not an integer this tool can hold exactly; numbers here are whole and at most ${Number.MAX_SAFE_INTEGER}`
          : `number ${source} would be rounded to ${node.value}; numbers here are whole and at most ${Number.MAX_SAFE_INTEGER}`,
      };
      return yaml.visit.BREAK;
    },
  });
  return found;
}

/** The integer a YAML 1.2 core-schema number literal denotes exactly, or undefined when it denotes a fraction. */
function exactIntegerOf(source: string): bigint | undefined {
  const literal = source.trim();
  if (/^0x[0-9a-fA-F]+$/.test(literal)) return BigInt(literal);
  if (/^0o[0-7]+$/.test(literal)) return BigInt(literal);
  const decimal = /^([-+]?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/.exec(literal);
  if (!decimal) return undefined;
  const [, sign, whole = '', fraction = '', exponentText = '0'] = decimal;
  let digits = `${whole}${fraction}`.replace(/^0+(?=\d)/, '') || '0';
  let scale = Number(exponentText) - fraction.length;
  if (scale < 0) {
    const dropped = digits.slice(scale);
    if (/[^0]/.test(dropped)) return undefined;
    digits = digits.slice(0, scale) || '0';
    scale = 0;
  }
  if (scale > 400) return undefined;
  const value = BigInt(digits) * 10n ** BigInt(scale);
  return sign === '-' ? -value : value;
}
