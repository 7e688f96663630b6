import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDynalite, type LocalEngine } from '@ddb-migrations/test-support';
import { run } from '../cli.js';
import { APPLY_CONCURRENCY } from '@ddb-migrations/apply';

/** More tables than the bound, so the bound is reached and then respected. */
const TABLE_COUNT = APPLY_CONCURRENCY + 4;
const names = Array.from({ length: TABLE_COUNT }, (_, i) => `concurrent_${String(i).padStart(2, '0')}`);

describe('apply runs several tables at once, within the bound, and reports in schema order', () => {
  let engine: LocalEngine;
  beforeAll(async () => {
    engine = await startDynalite({ createTableMs: 300 });
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await engine?.close();
  });

  it(`applies ${TABLE_COUNT} tables with at most ${APPLY_CONCURRENCY} in flight`, async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
    vi.stubEnv('XDG_CACHE_HOME', mkdtempSync(join(tmpdir(), 'ddb-cache-')));
    const cwd = mkdtempSync(join(tmpdir(), 'ddb-concurrent-'));
    writeFileSync(join(cwd, 'ddb-migrations.yaml'), `tables:\n${names.map((name) => `  - name: ${name}\n    partitionKey: { name: id, type: S }\n`).join('')}`);
    let stdout = '';
    const code = await run(['apply', '--json', '--endpoint-url', engine.endpoint, '--region', 'us-east-1'], cwd, {
      stdout: (text) => void (stdout += text),
      stderr: () => {},
    });
    expect(code).toBe(0);

    // apply --json prints one event per line, then the summary as the last line.
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as { type?: string; table?: string; tables?: { table: string }[] });
    const summary = lines.at(-1)!;
    expect(summary.tables!.map((table) => table.table)).toEqual(names);

    // In flight: from a table's create step to its done event. Overlap proves concurrency; the maximum
    // proves the bound. (Order of events, not timing: speed is measured in bench/, not in tests.)
    const inFlight = new Set<string>();
    let most = 0;
    for (const event of lines.slice(0, -1)) {
      if (event.type === 'step') inFlight.add(event.table!);
      if (event.type === 'done') inFlight.delete(event.table!);
      most = Math.max(most, inFlight.size);
    }
    expect(most).toBe(APPLY_CONCURRENCY);
  });
});
