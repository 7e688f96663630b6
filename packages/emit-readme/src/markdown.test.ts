/**
 * User text in the generated README renders as that text: every README is parsed by a real CommonMark +
 * GFM-tables renderer (markdown-it, HTML enabled as on GitHub) and the user's strings are looked for as
 * plain text, with the tables keeping their number of cells.
 */
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { describe, expect, it } from 'vitest';
import { loadSchema, shopifySessionsTable, type Schema, type TableSchema } from '@ddb-migrations/core';
import { emitReadme } from './index.js';
import { cellCodeSpan, codeSpan, markdownCellText, markdownText } from './markdown.js';

const renderer = new MarkdownIt({ html: true, linkify: true });

/** The text a reader sees in an inline token, and whether anything but text went into it. */
function seen(inline: Token): { text: string; markup: string[] } {
  const markup: string[] = [];
  let text = '';
  for (const child of inline.children ?? []) {
    if (child.type === 'text' || child.type === 'text_special' || child.type === 'code_inline') text += child.content;
    else if (child.type === 'softbreak') text += ' ';
    else markup.push(child.type);
  }
  return { text, markup };
}

/** Every paragraph and table cell of a rendered README, with the cells' row lengths. */
function blocksOf(markdown: string) {
  const tokens = renderer.parse(markdown, {});
  const paragraphs: ReturnType<typeof seen>[] = [];
  const cells: ReturnType<typeof seen>[] = [];
  const rowLengths: number[][] = [];
  let row = 0;
  let table: number[] = [];
  tokens.forEach((token, i) => {
    if (token.type === 'table_open') table = [];
    if (token.type === 'tr_open') row = 0;
    if (token.type === 'th_open' || token.type === 'td_open') row++;
    if (token.type === 'tr_close') table.push(row);
    if (token.type === 'table_close') rowLengths.push(table);
    if (token.type !== 'inline') return;
    const parent = tokens[i - 1]!.type;
    if (parent === 'paragraph_open') paragraphs.push(seen(token));
    if (parent === 'td_open' || parent === 'th_open') cells.push(seen(token));
  });
  const headings = tokens.filter((token) => token.type === 'heading_open').length;
  const htmlBlocks = tokens.filter((token) => token.type === 'html_block').length;
  return { paragraphs, cells, rowLengths, headings, htmlBlocks };
}

const normalized = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Deterministic PRNG (mulberry32): the corpus is the same on every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOSTILE = [
  '<!-- hidden', '-->', '<b>bold</b>', '<details>', '</table>', '<script>alert(1)</script>', '# Heading', '## x', '|', '| a | b |', '*em*', '_em_', '**strong**', '__strong__',
  '\\', '\\*', '\\|', '[link](http://x.test)', '![img](x.png)', '[^1]', '- item', '+ item', '* item', '1. item', '2) item', '> quote', '~~gone~~', '~x~', '$x^2$',
  '&amp;', '&#42;', '&lt;', '<http://a.test>', 'www.example.com', '---', '***', '___', '===', '{{x}}', '@user', ':smile:', 'a  b', 'tab\there', '100%', '"q"', "'s'",
];

/** Descriptions the validator accepts: hostile pieces alone, at the start, and in random combinations. */
function hostileDescriptions(count: number): string[] {
  const next = random(12);
  const out = [...HOSTILE, ...HOSTILE.map((piece) => `${piece} then text`)];
  while (out.length < count) {
    const words = Array.from({ length: 1 + Math.floor(next() * 6) }, () => HOSTILE[Math.floor(next() * HOSTILE.length)]!);
    out.push(words.join(next() < 0.5 ? ' ' : ''));
  }
  return out.map((text) => text.replace(/\t/g, ' ').slice(0, 500)).filter((text) => text.trim() !== '');
}

const yamlString = (text: string) => JSON.stringify(text);

function schemaWith(descriptions: string[]): Schema {
  const lines = ['tables:'];
  descriptions.forEach((description, t) => {
    lines.push(`  - name: t${String(t).padStart(3, '0')}_${'__x__'}`, `    description: ${yamlString(description)}`, '    partitionKey: { name: _id_, type: S }');
    lines.push('    attributes:', `      - { name: a__b__, type: S, description: ${yamlString(description)} }`, `      - { name: __x__.y, type: N, description: ${yamlString(`| ${description} |`)} }`);
  });
  return loadSchema(`${lines.join('\n')}\n`, 'hostile.yaml');
}

describe('the README renders user text as text', () => {
  const descriptions = hostileDescriptions(300);
  // 10 tables per README, so each README stays a realistic size and one bad string is easy to find.
  const batches = Array.from({ length: Math.ceil(descriptions.length / 10) }, (_, i) => descriptions.slice(i * 10, i * 10 + 10));

  it(`over ${descriptions.length} hostile descriptions, as paragraphs and table cells, in ${batches.length} READMEs`, () => {
    for (const batch of batches) {
      const schema = schemaWith(batch);
      const readme = emitReadme(schema).files[0]!.contents;
      const blocks = blocksOf(readme);
      expect(blocks.htmlBlocks).toBe(0);
      for (const description of batch) {
        const paragraph = blocks.paragraphs.find((block) => block.text === normalized(description));
        expect(paragraph, `paragraph for ${JSON.stringify(description)}`).toBeDefined();
        // Only links GitHub makes of bare URLs may appear; their text is still the user's.
        expect(paragraph!.markup.filter((type) => !/^link_(open|close)$/.test(type)), description).toEqual([]);
        expect(blocks.cells.some((cell) => cell.text === normalized(description)), `cell for ${JSON.stringify(description)}`).toBe(true);
        expect(blocks.cells.some((cell) => cell.text === normalized(`| ${description} |`)), `cell with pipes for ${JSON.stringify(description)}`).toBe(true);
      }
      // Every row of every table has as many cells as its header.
      for (const rows of blocks.rowLengths) expect(new Set(rows).size, JSON.stringify(rows)).toBe(1);
      // Headings: the title, one per table, and the fixed sections; none made from a description.
      expect(blocks.headings).toBe(emitReadme(schemaWith(batch.map(() => 'plain'))).files[0]!.contents.match(/^#+ /gm)!.length);
    }
  });

  it('names with emphasis markers stay code', () => {
    const readme = emitReadme(schemaWith(['plain'])).files[0]!.contents;
    const { cells } = blocksOf(readme);
    expect(cells.map((cell) => cell.text)).toEqual(expect.arrayContaining(['a__b__', '__x__.y', '_id_ (String)']));
  });

  it('the escapes hold for what the validator refuses today: backquotes, non-ASCII, pipes in code', () => {
    const odd = ['`tick`', '``', 'a`b', '`', 'caf\u00e9 \u2014 \u{1f600}', 'x | y'];
    for (const text of odd) {
      const paragraph = blocksOf(`${markdownText(text)}\n`).paragraphs[0]!;
      expect(paragraph.text, text).toBe(normalized(text));
      expect(paragraph.markup, text).toEqual([]);
      const table = blocksOf(`| a | b |\n| --- | --- |\n| ${markdownCellText(text)} | ${cellCodeSpan(text)} |\n`);
      expect(table.cells.slice(2).map((cell) => cell.text), text).toEqual([normalized(text), text]);
      expect(table.rowLengths).toEqual([[2, 2]]);
      expect(blocksOf(`${codeSpan(text)}\n`).paragraphs[0]!.text).toBe(text);
    }
    // A model built directly (not through the validator) with such text still renders it.
    const table: TableSchema = { ...shopifySessionsTable, description: 'has `code` and caf\u00e9 <!--' };
    const readme = emitReadme({ tables: [table] }).files[0]!.contents;
    expect(blocksOf(readme).paragraphs.some((p) => p.text === 'has `code` and caf\u00e9 <!--' && p.markup.length === 0)).toBe(true);
  });
});
