/**
 * Clears the recorded figures before the run and, after it, writes docs/reliability.md from them,
 * but only when every section ran (a filtered or partial run leaves the committed file alone).
 */
import { rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FIGURES_DIR, readSections } from './figures.js';
import { renderReliabilityDoc, SECTION_COUNT } from './render.js';

const DOC = fileURLToPath(new URL('../../../../docs/reliability.md', import.meta.url));

export function setup(): () => void {
  rmSync(FIGURES_DIR, { recursive: true, force: true });
  return () => {
    const sections = readSections();
    if (sections.length !== SECTION_COUNT) {
      console.warn(`reliability: ${sections.length} of ${SECTION_COUNT} sections ran; docs/reliability.md not rewritten`);
      return;
    }
    writeFileSync(DOC, renderReliabilityDoc(sections));
  };
}
