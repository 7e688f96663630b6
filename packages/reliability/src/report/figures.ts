/**
 * Figures the reliability tests record as they run (cases tried, faults survived, ...), one JSON
 * file per test file, so that docs/reliability.md is written from what actually ran.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIGURES_DIR = fileURLToPath(new URL('../../.figures', import.meta.url));

export interface Figure {
  /** What was tried, e.g. "malformed schema files". */
  what: string;
  /** How many. */
  count: number;
  /** The outcome every one of them had, e.g. "exit 1, one line with file:line:column, nothing written". */
  outcome: string;
}

export interface Section {
  title: string;
  /** Test file that produced it. */
  source: string;
  figures: Figure[];
  /** Bullet points: each fault, each check, in words. */
  details?: string[];
}

/** Records a section; the test file calls this once, after its tests, with what it measured. */
export function recordSection(order: number, section: Section): void {
  mkdirSync(FIGURES_DIR, { recursive: true });
  writeFileSync(join(FIGURES_DIR, `${String(order).padStart(2, '0')}.json`), `${JSON.stringify(section, null, 2)}\n`);
}

export function readSections(): Section[] {
  let names: string[];
  try {
    names = readdirSync(FIGURES_DIR).filter((name) => name.endsWith('.json')).sort();
  } catch {
    return [];
  }
  return names.map((name) => JSON.parse(readFileSync(join(FIGURES_DIR, name), 'utf8')) as Section);
}
