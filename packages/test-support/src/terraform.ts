import { parse } from '@cdktf/hcl2json';

type Block = Record<string, any>;

export interface TerraformModule {
  variables: Record<string, { default?: unknown }>;
  tables: Record<string, Block>;
  kmsKeys: Record<string, Block>;
  outputs: Record<string, Block>;
  providerVersion: string | undefined;
  json: Block;
}

/**
 * Parses main.tf with HashiCorp's own HCL parser (compiled to wasm in @cdktf/hcl2json), for static
 * checks of the module's shape. What the module does is proven by running terraform (terraform-cli.ts).
 */
export async function parseTerraform(source: string, file = 'main.tf'): Promise<TerraformModule> {
  const json = (await parse(file, source)) as Block;
  const single = (blocks: Record<string, Block[]> | undefined) =>
    Object.fromEntries(Object.entries(blocks ?? {}).map(([name, list]) => [name, list[0]!]));
  return {
    json,
    variables: single(json.variable),
    tables: single(json.resource?.aws_dynamodb_table),
    kmsKeys: single(json.data?.aws_kms_key),
    outputs: single(json.output),
    providerVersion: json.terraform?.[0]?.required_providers?.[0]?.aws?.version,
  };
}
