import { artifactNamesOf, CLOUDFORMATION_LIMITS, type CloudFormationStack, type Schema } from '@ddb-migrations/core';

/** The create-stack commands for each template, exactly as a user copies them. */
export function cloudFormationView(stacks: CloudFormationStack[], schema: Schema) {
  return {
    severalStacks: stacks.length > 1,
    stackCount: stacks.length,
    anyViaS3: stacks.some((stack) => stack.viaS3),
    // Not toLocaleString: its first call loads ICU's locale data, about 14 ms of every `generate`.
    bodyLimit: String(CLOUDFORMATION_LIMITS.templateBodyBytes).replace(/\B(?=(\d{3})+$)/g, ','),
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
      // Adopting existing tables instead: an IMPORT change set over the same template and parameters.
      const resources = stack.tables
        .map((table) => `"ResourceType=AWS::DynamoDB::Table,LogicalResourceId=${artifactNamesOf(table, schema).logicalId},ResourceIdentifier={TableName=${table.name}}"`)
        .join(' ');
      const changeSet = `--stack-name ${stack.stackName} --change-set-name adopt-tables`;
      const importCommands = [
        ...(stack.viaS3 ? [`aws s3 cp ${stack.templateFile} s3://YOUR_BUCKET/${stack.templateFile}`] : []),
        `aws cloudformation create-change-set ${changeSet} --change-set-type IMPORT ${source} --parameters ${parameters} --resources-to-import ${resources}`,
        `aws cloudformation describe-change-set ${changeSet} --query "Changes[].ResourceChange.[Action,LogicalResourceId]"`,
        `aws cloudformation execute-change-set ${changeSet}`,
        `aws cloudformation wait stack-import-complete --stack-name ${stack.stackName}`,
      ];
      return { commands, importCommands };
    }),
  };
}
