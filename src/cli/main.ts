/** @module The `cunbo` command line: routes to a subcommand and turns mistakes into readable messages. */

import { type CliCommand, type CliIO, UsageError } from './command.ts';
import { askCommand } from './commands/ask.ts';
import { botCommand } from './commands/bot.ts';
import { chatCommand } from './commands/chat.ts';
import { evalCommand } from './commands/eval.ts';
import { kbCommand } from './commands/kb.ts';
import { retrieveCommand } from './commands/retrieve.ts';

const commands: CliCommand[] = [chatCommand, botCommand, askCommand, retrieveCommand, evalCommand, kbCommand];

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `Usage: cunbo <command> [options]

Cunbo (村播): an AI e-commerce coach for village shop owners and live-stream hosts.

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run "cunbo <command> --help" for a command's options.`;
}

/** Runs the CLI with `args` (argv without node and script); resolves to the exit code. */
export async function main(
  args: string[],
  io: CliIO = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env },
): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${overview()}\n`);
    return name === undefined ? 1 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`cunbo: unknown command "${name}"\n\n${overview()}\n`);
    return 1;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.help}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`cunbo ${name}: ${error.message}\nRun "cunbo ${name} --help" for usage.\n`);
      return 1;
    }
    throw error;
  }
}
