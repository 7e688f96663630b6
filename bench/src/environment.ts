import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { chooseAwsCli, CDK_BIN, cdkEnvironment, cliVersion, packageVersion, toolVersion } from './tools.js';

export interface Environment {
  machine: string;
  os: string;
  node: string;
  tools: [string, string][];
  loadAverageAtStart: string;
}

/** The facts that make numbers comparable: hardware, OS, Node and every contender's version. */
export function describeEnvironment(workDir: string): Environment {
  const cpuList = cpus();
  const awsCli = chooseAwsCli(workDir);
  return {
    machine: `${cpuList.length} × ${cpuList[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB memory`,
    os: `${type()} ${release()} (${process.platform}/${process.arch})`,
    node: process.version,
    tools: [
      ['ddb-migrations', cliVersion()],
      ['aws-cdk (cdk CLI)', toolVersion(process.execPath, [CDK_BIN, '--version'], cdkEnvironment())],
      ['aws-cdk-lib', packageVersion('aws-cdk-lib')],
      ['constructs', packageVersion('constructs')],
      ['AWS CLI (both CLI contenders)', awsCli ? `${awsCli.path}: ${awsCli.version}` : 'not found'],
      ['dynalite (the local engine)', packageVersion('dynalite')],
      ['bash', toolVersion('bash', ['--version'])],
      ['python3 (peak RSS wrapper)', toolVersion('python3', ['--version'])],
    ],
    loadAverageAtStart: formatLoad(),
  };
}

export const formatLoad = () => loadavg().map((value) => value.toFixed(2)).join(', ');
