import type { Section } from './figures.js';

/** bad input, injection, faults, nothing lost, secrets and access, dead endpoints and common mistakes, derived names, CreateTable rules */
export const SECTION_COUNT = 8;

export function renderReliabilityDoc(sections: Section[]): string {
  const lines = [
    '# Reliability and security',
    '',
    '<!-- Written by packages/reliability (its vitest global setup) from what the tests ran; do not edit by hand. -->',
    '',
    'Every figure below is counted by the test suite in `packages/reliability` as it runs, and this file is',
    'rewritten at the end of each full run (`bash scripts/test-all.sh`).',
    '',
  ];
  for (const section of sections) {
    lines.push(`## ${section.title}`, '', `Source: \`packages/reliability/src/${section.source}\``, '', '| Tried | Count | Every one of them |', '| --- | ---: | --- |');
    // A "|" inside a cell would end it: escape it.
    const cell = (text: string) => text.replace(/\|/g, '\\|');
    for (const figure of section.figures) lines.push(`| ${cell(figure.what)} | ${figure.count} | ${cell(figure.outcome)} |`);
    lines.push('');
    if (section.details?.length) {
      for (const detail of section.details) lines.push(`- ${detail}`);
      lines.push('');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
