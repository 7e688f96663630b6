import { parsePowerShell, extractAwsInvocations } from './dist/index.js';
for (const t of ["param([string]$T = 'a')\nfunction F {\n param($T)\n Invoke-AwsCli -Arguments (@($T))\n}\nInvoke-AwsCli -Arguments (@($t))\n", "param([string]$T)\nInvoke-AwsCli -Arguments (@($T))"]) {
  const s = await parsePowerShell(t);
  console.log(s.problems);
  try { console.log(extractAwsInvocations(s)); } catch (e) { console.log('THROWS', e.message); }
  try { console.log(extractAwsInvocations(s, {parameters: {t: 'over'}})); } catch (e) { console.log('THROWS', e.message); }
}
