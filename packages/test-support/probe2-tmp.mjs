import { readFileSync } from 'node:fs';
import { parsePowerShell, extractAwsInvocations, extractTableTextQueries, findNativeCommands } from './dist/index.js';
for (const f of ['/work/main/dynamodb-migrations/create-sessions-table.ps1', '/tmp/psprobe/create-orders-table.ps1', '/tmp/psprobe/create-app-events-table.ps1']) {
  const s = await parsePowerShell(readFileSync(f, 'utf8'));
  console.log(f, s.problems, s.parameters, s.parameterDefaults, s.functions);
  console.log(extractAwsInvocations(s, { connection: ['--region', 'x'] }));
  console.log(extractTableTextQueries(s));
  console.log(findNativeCommands(s));
}
