import { artifactNamesOf, CLOUDFORMATION_LIMITS, type CloudFormationStack, type Schema } from '@ddb-migrations/core';

/** The create-stack commands for each template, exactly as a user copies them. */
export function cloudFormationView(stacks: CloudFormationStack[], schema: Schema) {
  return {
    severalStacks: stacks.length > 1,
    stackCount: stacks.length,
    anyViaS3: stacks.some((stack) => stack.viaS3),
    bodyLimit: CLOUDFORMATION_LIMITS.templateBodyBytes.toLocaleString('en-US'),
    templates: stacks.map((stack) => ({ path: stack.templateFile })),
    stacks: stacks.map((stack) => {
      const parameters = stack.tables
        .map((table) => `ParameterKey=${artifactNamesOf(table, schema).cloudFormationParameter},ParameterValue=${table.name}`)
        .join(' ');
      const source = stack.viaS3
        ? `--template-url https://YOUR_BUCKET.s3.amazonaws.com/${stack.templateFile}`
        : `--template-body file://${stack.templateFile}`;
      const commands = [
        ...(stack.viaS3 ? [`aws s3 cp ${stack.templateFile} s3://YOUR_BUCKET/${stack.templateFile}`] : []),
        `aws cloudformation create-stack --stack-name ${stack.stackName} ${source} --parameters ${parameters}`,
        `aws cloudformation wait stack-create-complete --stack-name ${stack.stackName}`,
        `aws cloudformation describe-stacks --stack-name ${stack.stackName} --query "Stacks[0].Outputs"`,
      ];
      return { commands };
    }),
  };
}
