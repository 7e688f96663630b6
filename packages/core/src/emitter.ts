import type { Schema } from './model.js';

/** One generated file. `path` is relative to the output folder and uses `/`. */
export interface EmittedFile {
  path: string;
  contents: string;
  /** Scripts are written with mode 0755. */
  executable?: boolean;
}

export interface EmitResult {
  files: EmittedFile[];
  warnings: string[];
}

/** `generate --cloudformation-format`: JSON (the default) or YAML. */
export type CloudFormationFormat = 'json' | 'yaml';

/** Choices a user makes about the output's form; the same for every emitter, so the README names the right files. */
export interface EmitOptions {
  cloudFormationFormat?: CloudFormationFormat;
}

/** The contract every emitter package fulfils: pure, synchronous, schema in, files out. */
export interface Emitter {
  /** Registry name, e.g. `bash`. */
  name: string;
  emit(schema: Schema, options?: EmitOptions): EmitResult;
}

/** Generated text must be ASCII with LF endings so it is byte-identical on every OS. */
export function assertPortableText(file: EmittedFile): EmittedFile {
  const bad = /[^\x09\x0a\x20-\x7e]/.exec(file.contents);
  if (bad) {
    throw new Error(`internal error: ${file.path} would contain the non-ASCII or control character U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0')}`);
  }
  return file;
}
