import type { JsonValue } from '@ddb-migrations/core';

/**
 * HCL text as `terraform fmt` writes it: `=` aligned across consecutive one-line attributes (an
 * attribute whose value spans lines stands alone), two spaces per level. The emitter's tests run
 * `terraform fmt -check` on its output, so a rule missed here fails there.
 */

/** One `name = value` attribute; `value` may span lines (already indented relative to the name). */
export type Attribute = [name: string, value: string];

export function aligned(attributes: Attribute[]): string[] {
  const lines: string[] = [];
  let group: Attribute[] = [];
  const flush = () => {
    const width = Math.max(0, ...group.map(([name]) => name.length));
    for (const [name, value] of group) lines.push(`${name.padEnd(width)} = ${value}`);
    group = [];
  };
  for (const attribute of attributes) {
    if (attribute[1].includes('\n')) {
      flush();
      lines.push(...`${attribute[0]} = ${attribute[1]}`.split('\n'));
    } else {
      group.push(attribute);
    }
  }
  flush();
  return lines;
}

/**
 * An HCL string literal. `${` and `%{` start template sequences in HCL, and resource policies use
 * IAM's own `${aws:username}` variables, so both are escaped; anything outside printable ASCII is
 * written as `\uNNNN`, keeping main.tf ASCII.
 */
export function hclString(value: string): string {
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (char === '"') out += '\\"';
    else if (char === '\\') out += '\\\\';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || code > 0x7e) out += code > 0xffff ? `\\U${code.toString(16).toUpperCase().padStart(8, '0')}` : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += char;
  }
  // Functions, not strings, as replacements: in a replacement string `$$` means one `$`.
  return `"${out.replaceAll('${', () => '$${').replaceAll('%{', () => '%%{')}"`;
}

const indent = (text: string) => text.split('\n').map((line) => (line ? `  ${line}` : line)).join('\n');

/**
 * A JSON value as an HCL expression (for `jsonencode(...)`): objects one attribute per line with
 * every key quoted (a key such as `aws:SourceArn` is no identifier), lists of scalars on one line,
 * other lists one element per line.
 */
export function hclValue(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return hclString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((item) => item === null || typeof item !== 'object')) return `[${value.map(hclValue).join(', ')}]`;
    return `[\n${value.map((item) => indent(`${hclValue(item)},`)).join('\n')}\n]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  const lines = aligned(entries.map(([key, item]) => [hclString(key), hclValue(item)]));
  return `{\n${lines.map((line) => (line ? `  ${line}` : line)).join('\n')}\n}`;
}
