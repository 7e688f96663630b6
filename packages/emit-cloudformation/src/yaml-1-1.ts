import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

/**
 * The plain scalars a YAML 1.1 loader types as something other than a string: PyYAML's implicit
 * resolvers (what cfn-lint and the AWS CLI load templates with), plus YAML 1.1's `y`/`n` booleans,
 * which other 1.1 loaders read. A string matching any of these is written quoted.
 */
const YAML_1_1_TYPED = [
  /^(?:y|Y|n|N|yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/, // bool
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/, // float
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/, // int, sexagesimal included
  /^(?:~|null|Null|NULL|)$/, // null
  /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/, // timestamp
  /^(?:<<|=)$/, // merge key and PyYAML's "value" tag: both fail to load as a plain value
];

/** True when a YAML 1.1 loader would not read `value`, written plain, back as the same string. */
export function isTypedInYaml11(value: string): boolean {
  return YAML_1_1_TYPED.some((pattern) => pattern.test(value));
}

// The YAML library (about 70 modules) loads when YAML is asked for, so JSON output costs start-up nothing.
const require = createRequire(import.meta.url);

/**
 * YAML whose every string reads back as that string under YAML 1.1 and 1.2 alike: the library already
 * quotes what 1.2 would type; this also quotes what 1.1 would (`yes`, `on`, `1_000`, `12:30:00`, dates).
 */
export function toYaml11SafeString(value: unknown): string {
  const { Document, Scalar, visit } = require('yaml') as typeof Yaml;
  const document = new Document(value);
  visit(document, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && isTypedInYaml11(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return document.toString({ lineWidth: 0 });
}
