/** @module A subcommand of the `cunbo` command line. */

/** Where a command writes; tests pass their own streams. */
export interface CliIO {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

/** One `cunbo <name> …` subcommand. `run` resolves to the process exit code. */
export interface CliCommand {
  name: string;
  /** The full text of `cunbo <name> --help`. */
  help: string;
  run(args: string[], io: CliIO): Promise<number>;
}

/** Thrown for a usage mistake; the CLI prints the message (and the command's help hint), not a stack. */
export class UsageError extends Error {
  override name = 'UsageError';
}
