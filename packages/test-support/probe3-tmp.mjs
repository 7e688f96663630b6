import { readFileSync } from 'node:fs';
import { parsePowerShell, extractAwsInvocations, findNativeCommands } from './dist/index.js';
const tries = [
  "Invoke-AwsCli -Arguments (@('dynamodb', $unknownVar))",
  'Invoke-AwsCli -Arguments (@(\'dynamodb\', "x"))',
  "Invoke-AwsCli -Arguments (@('dynamodb', $connection))",
  "Invoke-AwsCli -Arguments (@('dynamodb', $Query))",
  "function Set-Tags { $arn = 'x'\n Invoke-AwsCli -Arguments (@('dynamodb', $arn)) }",
  "Invoke-AwsCli -Arguments (@('dynamodb') + $other)",
  "Invoke-AwsCli @('dynamodb')",
  "Invoke-AwsCli -Arguments @()",
  "invoke-awscli -arguments (@('it''s', ${T}) + $connection)",
  "param([string]$T = 'a')\nfunction F { param($T) Invoke-AwsCli -Arguments (@($T)) }",
  "param([string]$X = $env:Y)\n",
  "param([string]$X = \"a\")\n",
];
for (const t of tries) {
  try {
    const s = await parsePowerShell(t.includes('${T}') ? "param([string]$T = 'dflt')\n" + t : t);
    console.log(JSON.stringify(t), s.problems.length, JSON.stringify(extractAwsInvocations(s, { connection: ['--c'] }).map(i => i.args)));
  } catch (e) { console.log(JSON.stringify(t), 'THROWS', e.message); }
}
const src = readFileSync('/work/main/dynamodb-migrations/create-sessions-table.ps1', 'utf8');
const broken = src.replace('    exit 1\n}\n', '    exit 1\n\n');
console.log((await parsePowerShell(broken)).problems);
console.log(findNativeCommands(await parsePowerShell("& aws x\ncurl.exe -s\n$x = & $cmd\nexit 1\nreturn\n[Array]::Sort($a)\nWrite-Host hi")));
