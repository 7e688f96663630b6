/**
 * What every artifact accepts as a table name, region, profile and endpoint, written once. The
 * sources are POSIX ERE (bash `[[ =~ ]]` in the C locale), and read the same as JavaScript, Java
 * (CloudFormation AllowedPattern) and RE2 (Terraform regex()). PowerShell's .NET form is derived by
 * `toDotNetPattern`, because `$` there also matches before a trailing newline.
 */
export const ARGUMENT_PATTERNS = {
  /** DynamoDB's table-name rule, except a leading "-", which a CLI would read as an option. */
  tableName: '^[A-Za-z0-9_.][A-Za-z0-9_.-]{2,254}$',
  region: '^[a-z][a-z0-9-]{1,31}$',
  profile: '^[A-Za-z0-9_][A-Za-z0-9_.@+-]{0,63}$',
  endpoint: '^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?$',
} as const;

export const TABLE_NAME_RULE = '3-255 characters of A-Z a-z 0-9 _ - . (not starting with -)';

/** The same pattern for .NET's -cmatch: `\z` ends the string; `$` would accept a trailing newline. */
export function toDotNetPattern(pattern: string): string {
  return pattern.replace(/\$$/, '\\z');
}
