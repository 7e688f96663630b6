/**
 * The build's cache keys: `turbo run build --dry=json` lists, per package, the files whose content
 * decides whether its build reruns. An edit to a file must rerun exactly the builds that read it
 * (turbo then reruns their dependents through `^build`), and never a build for a test-only edit.
 */
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');

interface DryRunTask {
  taskId: string;
  directory: string;
  inputs: Record<string, string>;
}

const dryRun = JSON.parse(
  execFileSync(join(root, 'node_modules/.bin/turbo'), ['run', 'build', '--dry=json'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
    maxBuffer: 64 * 1024 * 1024,
  }),
) as { tasks: DryRunTask[] };

/** The packages (by folder) whose own build reads `file` (a path from the repository root). */
function buildsReading(file: string): string[] {
  return dryRun.tasks
    .filter((task) => Object.keys(task.inputs).some((input) => resolve(root, task.directory, input) === resolve(root, file)))
    .map((task) => task.directory)
    .sort();
}

const everyPackage = dryRun.tasks.map((task) => task.directory).sort();

describe('turbo build inputs', () => {
  it('a template rebuilds only the emitter that precompiles it', () => {
    expect(buildsReading('templates/bash/create-table.sh.hbs')).toEqual(['packages/emit-bash']);
    expect(buildsReading('templates/powershell/create-table.ps1.hbs')).toEqual(['packages/emit-powershell']);
    expect(buildsReading('templates/readme/readme.md.hbs')).toEqual(['packages/emit-readme']);
    expect(buildsReading('templates/terraform/main.tf.hbs')).toEqual(['packages/emit-terraform']);
  });

  it('the template precompiler rebuilds every emitter that runs it', () => {
    expect(buildsReading('scripts/precompile-templates.mjs')).toEqual([
      'packages/emit-bash',
      'packages/emit-powershell',
      'packages/emit-readme',
      'packages/emit-terraform',
    ]);
  });

  it('the schema definition and the validator compiler rebuild core (and so everything after it)', () => {
    expect(buildsReading('packages/core/src/schema-definition.ts')).toEqual(['packages/core']);
    expect(buildsReading('packages/core/scripts/compile-validator.mjs')).toEqual(['packages/core']);
    expect(buildsReading('packages/core/tsconfig.schema.json')).toEqual(['packages/core']);
  });

  it('the shared compiler settings rebuild every package', () => {
    expect(buildsReading('tsconfig.base.json')).toEqual(everyPackage);
  });

  it('no test, type test, golden file or build output is a build input', () => {
    const testOnly = /(\.test\.ts|\.test-d\.ts|\/__tests__\/|\/__golden__\/|\/generated\/|^dist\/)/;
    const offending = dryRun.tasks.flatMap((task) => Object.keys(task.inputs).filter((input) => testOnly.test(input)).map((input) => `${task.directory}/${input}`));
    expect(offending).toEqual([]);
  });
});
