/**
 * User text (descriptions, names, tag values) placed into the generated README must render as that
 * text under CommonMark and GitHub Flavored Markdown, never as markup. Each helper is for one place.
 */

/**
 * Inline punctuation that can open markup anywhere in a line: HTML and autolinks (`<`), entities (`&`),
 * emphasis (`*`, `_`), strikethrough (`~`), code (`` ` ``), links, images and footnotes (`[`, `]`), GFM
 * table cells (`|`), GitHub's math (`$`) and the escape itself. CommonMark lets any ASCII punctuation be
 * backslash-escaped and renders it as the bare character.
 */
const INLINE_MARKUP = /[\\`*_~[\]<>&|$]/g;

// Non-ASCII becomes a numeric character reference: it renders as the character, and the file stays ASCII.
const toEntities = (text: string) => text.replace(/[^\x20-\x7e]/gu, (char) => `&#x${char.codePointAt(0)!.toString(16)};`);

/**
 * Text for a paragraph of its own (one line; whitespace runs become single spaces, as a renderer shows
 * them). Besides the inline escapes, what opens a block at the start of a line: a heading (`#`), a list
 * (`-`, `+`, `1.`, `1)`), a setext underline or thematic break (`=`, `-`); `>` is escaped already.
 */
export function markdownText(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim().replace(INLINE_MARKUP, '\\$&');
  return toEntities(line.replace(/^([#+=-])/, '\\$1').replace(/^(\d{1,9})([.)])/, '$1\\$2'));
}

/** Text inside a GFM table cell: inline escapes; a cell never starts a block, and `|` is escaped with the rest. */
export function markdownCellText(text: string): string {
  return toEntities(text.replace(/\s+/g, ' ').trim().replace(INLINE_MARKUP, '\\$&'));
}

/**
 * A code span holding `text` exactly: a backtick fence longer than any run inside, and a space of
 * padding where the text starts or ends with a backtick or a space (CommonMark strips one each side).
 */
export function codeSpan(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = /^[` ]|[` ]$/.test(text) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A code span inside a GFM table cell: there `|` splits the cell even in code, unless written `\|`. */
export function cellCodeSpan(text: string): string {
  return codeSpan(text).replace(/\|/g, '\\|');
}
