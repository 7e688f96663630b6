import { readFileSync } from 'node:fs';
import { parsePowerShell, extractAwsInvocations, findNativeCommands } from './dist/index.js';
const src = readFileSync('/work/main/dynamodb-migrations/create-sessions-table.ps1', 'utf8');
const muts = {
  dropAssert: src.replace("    Assert-AwsSuccess $result 'describe-table'\n", ''),
  json: src.replace("'--billing-mode', 'PAY_PER_REQUEST',", `'--billing-mode', 'PAY_PER_REQUEST', '--cli-input-json', '{"a":1}',`),
  exitLate: src.replace("    $exitCode = $LASTEXITCODE\n", '').replace("    $stdout = @(", "    $exitCode = $LASTEXITCODE\n    $stdout = @(").replace("$records = @(& aws @Arguments 2>&1)\n", "$records = @(& aws @Arguments 2>&1)\n    Write-Host 'x'\n"),
  dqArg: src.replace("'--output', 'text', '--query', 'Table.TableStatus'", `'--output', 'text', '--query', "Table.TableStatus"`),
  extraNative: src.replace("Wait-TableActive\nAssert", "Wait-TableActive\naws --version\nAssert"),
};
for (const [k, m] of Object.entries(muts)) {
  if (m === src) { console.log(k, 'NO CHANGE'); continue; }
  const s = await parsePowerShell(m);
  try {
    const inv = extractAwsInvocations(s);
    console.log(k, 'problems', s.problems.length, 'next:', inv.map(i => i.nextStatement), 'json:', inv.flatMap(i => i.args).filter(a => /^[[{]/.test(a) || a.includes('"')), 'natives:', findNativeCommands(s).map(n => n.text + ' -> ' + n.nextStatement));
  } catch (e) { console.log(k, 'THROWS', e.message); }
}
