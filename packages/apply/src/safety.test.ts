import * as sdk from '@aws-sdk/client-dynamodb';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WRITE_COMMANDS } from './executors.js';

const sources = readdirSync(new URL('.', import.meta.url))
  .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
  .map((name) => readFileSync(new URL(name, import.meta.url), 'utf8'));

describe('nothing deletes or replaces a table', () => {
  it('can send only these write commands', () => {
    expect(WRITE_COMMANDS.map((command) => command.name).sort()).toEqual([
      'CreateTableCommand', 'DeleteResourcePolicyCommand', 'PutResourcePolicyCommand', 'TagResourceCommand', 'UntagResourceCommand', 'UpdateContinuousBackupsCommand',
      'UpdateContributorInsightsCommand', 'UpdateTableCommand', 'UpdateTimeToLiveCommand',
    ]);
  });

  it('imports no SDK command that is not a read or one of those writes', () => {
    const commands = new Set(sources.flatMap((source) => [...source.matchAll(/\b([A-Z][A-Za-z]+Command)\b/g)].map((match) => match[1]!)));
    const known = new Set(Object.keys(sdk).filter((name) => name.endsWith('Command')));
    const reads = [...commands].filter((name) => known.has(name) && /^(Describe|List|Get|Query|Scan)/.test(name));
    const writes = [...commands].filter((name) => known.has(name) && !reads.includes(name));
    expect(writes.sort()).toEqual(WRITE_COMMANDS.map((command) => command.name).sort());
    expect([...commands]).not.toContain('DeleteTableCommand');
    expect(sources.join('\n')).not.toMatch(/DeleteTable|RestoreTable|DeleteBackup|ImportTable/);
  });
});
