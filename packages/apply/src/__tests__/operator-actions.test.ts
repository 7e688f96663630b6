/**
 * OPERATOR_ACTIONS is the IAM list users grant for plan/apply/verify: it must name every command this
 * package can send (a missing one is an AccessDenied in production), and plan/verify must send reads only.
 */
import * as sdk from '@aws-sdk/client-dynamodb';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPERATOR_ACTIONS, OPERATOR_ACTION_LIST, WRITE_COMMANDS, applyTable, planTable, verifyTable } from '../index.js';
import { sessionsSchema, useEngine } from './engines.js';

const sourceDir = new URL('..', import.meta.url);
const sources = readdirSync(sourceDir)
  .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
  .map((name) => readFileSync(new URL(name, sourceDir), 'utf8'));
const sdkCommands = new Set(Object.keys(sdk).filter((name) => name.endsWith('Command')));
const actionOf = (commandName: string) => `dynamodb:${commandName.replace(/Command$/, '')}`;

describe('OPERATOR_ACTIONS', () => {
  it('names exactly the SDK commands the source constructs, writes as the executors send them', () => {
    const sent = new Set(sources.flatMap((source) => [...source.matchAll(/new ([A-Z][A-Za-z]+Command)\(/g)].map((match) => match[1]!)));
    expect([...sent].every((name) => sdkCommands.has(name))).toBe(true);
    expect(OPERATOR_ACTION_LIST.map((entry) => entry.action).sort()).toEqual([...sent].map(actionOf).sort());
    // Only pull's ListTables (resource `*`) is outside the table-scoped read and write lists.
    expect(OPERATOR_ACTION_LIST.map((entry) => entry.action).filter((action) => ![...OPERATOR_ACTIONS.read, ...OPERATOR_ACTIONS.write].includes(action))).toEqual(['dynamodb:ListTables']);
    expect([...OPERATOR_ACTIONS.write].sort()).toEqual(WRITE_COMMANDS.map((command) => actionOf(command.name)).sort());
    expect(OPERATOR_ACTION_LIST.map((entry) => entry.action)).not.toContain('dynamodb:DeleteTable');
  });

  it('is the table in the root README, row for row', () => {
    const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');
    const section = /<!-- operator-actions:start[^>]*-->\n([\s\S]*?)<!-- operator-actions:end -->/.exec(readme)?.[1];
    const rows = OPERATOR_ACTION_LIST.map(
      (entry) => `| \`${entry.action}\` | ${(['plan', 'apply', 'verify', 'pull'] as const).map((command) => (entry.usedBy.includes(command) ? 'yes' : '')).join(' | ')} | ${entry.why} |`.replace(/\|  \|/g, '| |').replace(/\|  \|/g, '| |'),
    );
    expect(section?.trim().split('\n').slice(2)).toEqual(rows);
  });

  describe('against dynalite, recording every command sent', () => {
    const { db } = useEngine('dynalite');

    it('plan and verify send only read actions; apply (create, then update billing and tags) only listed ones', async () => {
      const created = sessionsSchema({
        billing: { mode: 'PROVISIONED', readCapacityUnits: 1, writeCapacityUnits: 1 },
        globalSecondaryIndexes: [],
        tags: [{ key: 'team', value: 'apps' }],
      });
      const changed = { ...created, billing: { mode: 'PAY_PER_REQUEST' as const }, tags: [{ key: 'owner', value: 'shop' }] };
      const phase = async (run: () => Promise<unknown>) => {
        db().clear();
        await run();
        return [...new Set(db().calls.map((call) => actionOf(call.name)))];
      };

      const reads = [
        ...(await phase(() => planTable(db().client, created))),
        ...(await phase(() => verifyTable(db().client, created))),
      ];
      const applied = [...(await phase(() => applyTable(db().client, created))), ...(await phase(() => applyTable(db().client, changed)))];
      reads.push(...(await phase(() => planTable(db().client, changed))), ...(await phase(() => verifyTable(db().client, changed))));

      expect(reads.filter((action) => !OPERATOR_ACTIONS.read.includes(action))).toEqual([]);
      expect(applied.filter((action) => !OPERATOR_ACTIONS.read.includes(action) && !OPERATOR_ACTIONS.write.includes(action))).toEqual([]);
      // Control: the recording sees the writes (the run really created, updated and tagged the table).
      expect(applied).toEqual(expect.arrayContaining(['dynamodb:CreateTable', 'dynamodb:UpdateTable', 'dynamodb:TagResource', 'dynamodb:UntagResource', 'dynamodb:DescribeTable']));
      expect((await verifyTable(db().client, changed)).differences).toEqual([]);
    }, 60_000);
  });
});
