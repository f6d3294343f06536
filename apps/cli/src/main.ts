#!/usr/bin/env node
import 'reflect-metadata';

import { CommanderError } from 'commander';

import { EXIT, UsageError } from './cli-support';
import { buildProgram } from './program';

// The entry point only, run on import: specs build the program from ./program instead.
async function main(): Promise<void> {
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    process.stderr.write(`hub: ${(error as Error).message}\n`);
    process.exitCode = error instanceof UsageError ? EXIT.usage : EXIT.failed;
  }
}

void main();
