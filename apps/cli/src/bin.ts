#!/usr/bin/env node
import { run } from './cli.js';

const streams = { stdout: (text: string) => process.stdout.write(text), stderr: (text: string) => process.stderr.write(text) };
process.exitCode = await run(process.argv.slice(2), process.cwd(), streams);
