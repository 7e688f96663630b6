/**
 * The commands of a generated README's CloudFormation section, split as a shell would (double quotes
 * group words), so tests can run them exactly as a user would copy them.
 */
export function readmeCloudFormationCommands(readme: string): string[][] {
  const section = readme.split('## Option 3: CloudFormation')[1]?.split('```bash\n')[1]?.split('```')[0];
  if (!section) throw new Error('the generated README has no CloudFormation commands');
  return section.trim().split('\n').map((line) => line.match(/"[^"]*"|\S+/g)!.map((word) => word.replace(/^"|"$/g, '')));
}
