/**
 * `--schema` is read with a bound: a regular file by its size before any read, and a device, a FIFO
 * (what `--schema <(...)` passes) or anything else as soon as the bytes pass MAX_SCHEMA_BYTES. An
 * unbounded read of /dev/zero would not end (it used to grow to 24 GB and crash V8), so these tests
 * fail by timeout if the bound is lost.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_SCHEMA_BYTES, SchemaError } from '@ddb-migrations/core';
import { DDB_MIGRATE_BIN } from '@ddb-migrations/test-support';
import { readSchema } from '../schema-source.js';

const dir = mkdtempSync(join(tmpdir(), 'schema-source-'));
const writers: ChildProcess[] = [];
afterAll(() => {
  for (const writer of writers) if (writer.exitCode === null && writer.signalCode === null) writer.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const VALID = 'tables:\n  - name: fifo_sessions\n    partitionKey: { name: id, type: S }\n';

/** A FIFO in `dir` with a shell writing `command`'s output into it. */
function fifoFedBy(name: string, command: string): string {
  const path = join(dir, name);
  execFileSync('mkfifo', [path]);
  const writer = spawn('sh', ['-c', `${command} > "$1"`, 'sh', path], { stdio: 'ignore' });
  writers.push(writer);
  return path;
}

async function refusal(path: string): Promise<SchemaError> {
  const error = await readSchema(dir, path).then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(SchemaError);
  return error as SchemaError;
}

describe('reading --schema with a bound', () => {
  it('stops reading /dev/zero at the limit with one positioned message', async () => {
    const error = await refusal('/dev/zero');
    expect(error.message).toBe(`/dev/zero:1:1: schema file is more than ${MAX_SCHEMA_BYTES} bytes (reading stopped there); the limit is ${MAX_SCHEMA_BYTES}`);
  });

  it('stops reading an endless FIFO at the limit', async () => {
    const error = await refusal(fifoFedBy('endless.fifo', 'cat /dev/zero'));
    expect(error.reason).toBe(`schema file is more than ${MAX_SCHEMA_BYTES} bytes (reading stopped there); the limit is ${MAX_SCHEMA_BYTES}`);
  });

  it('reads a schema from a FIFO that ends', async () => {
    const { schema } = await readSchema(dir, fifoFedBy('schema.fifo', `printf '%s' '${VALID}'`));
    expect(schema.tables.map((table) => table.name)).toEqual(['fifo_sessions']);
  });

  it('refuses a large regular file by its size, and reads one at exactly the limit as far as the parser', async () => {
    const large = join(dir, 'large.yaml');
    writeFileSync(large, Buffer.alloc(MAX_SCHEMA_BYTES + 1, 0x20));
    expect((await refusal(large)).reason).toBe(`schema file is ${MAX_SCHEMA_BYTES + 1} bytes; the limit is ${MAX_SCHEMA_BYTES}`);
    const atLimit = join(dir, 'at-limit.yaml');
    writeFileSync(atLimit, VALID + '#'.repeat(MAX_SCHEMA_BYTES - Buffer.byteLength(VALID)));
    expect((await readSchema(dir, atLimit)).schema.tables[0]!.name).toBe('fifo_sessions');
  });

  it('the CLI refuses --schema /dev/zero in one line with exit 1', async () => {
    const child = spawn(process.execPath, [DDB_MIGRATE_BIN, 'generate', '--schema', '/dev/zero', '--out', join(dir, 'out')], { cwd: dir });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect({ code, stderr }).toEqual({ code: 1, stderr: `ddb-migrate: /dev/zero:1:1: schema file is more than ${MAX_SCHEMA_BYTES} bytes (reading stopped there); the limit is ${MAX_SCHEMA_BYTES}\n` });
  });
});
