import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { Parser, Language } from 'web-tree-sitter';
const require = createRequire(import.meta.url);
await Parser.init();
const PS = await Language.load(require.resolve('tree-sitter-powershell/tree-sitter-powershell.wasm'));
const parser = new Parser(); parser.setLanguage(PS);
function dump(n, d = 0, field = null) {
  const t = n.childCount === 0 || ['string_literal','variable','command_parameter','generic_token'].includes(n.type) ? ' ' + JSON.stringify(n.text) : '';
  console.log('  '.repeat(d) + (field ? field + ': ' : '') + (n.isNamed ? n.type : JSON.stringify(n.type)) + (n.isError?' ERR':'') + (n.isMissing?' MISSING':'') + ` @${n.startPosition.row+1}` + t);
  if (['string_literal','variable','command_parameter'].includes(n.type)) return;
  for (let i = 0; i < n.childCount; i++) dump(n.child(i), d + 1, n.fieldNameForChild(i));
}
const src = process.argv[2] === '-f' ? readFileSync(process.argv[3], 'utf8') : process.argv[2];
const tree = parser.parse(src);
dump(tree.rootNode);
