/** @module The `cunbo` command line: routes to a subcommand and turns mistakes into readable messages. */
import { type CliCommand, type CliIO, UsageError } from './command.ts';

/** Subcommands, loaded on demand so `cunbo kb check` does not pay for grammY and LangChain. */
const commands: Array<{ name: string; summary: string; load: () => Promise<CliCommand> }> = [
  {
    name: 'chat',
    summary: 'chat with Cunbo in this terminal (no Telegram needed)',
    load: async () => (await import('./commands/chat.ts')).chatCommand,
  },
  {
    name: 'bot',
    summary: 'run the Telegram bot (needs TELEGRAM_BOT_TOKEN)',
    load: async () => (await import('./commands/bot.ts')).botCommand,
  },
  {
    name: 'ask',
    summary: 'answer one question from the knowledge base (no memory, no Telegram)',
    load: async () => (await import('./commands/ask.ts')).askCommand,
  },
  {
    name: 'retrieve',
    summary: 'show the knowledge-base passages retrieved for a question',
    load: async () => (await import('./commands/retrieve.ts')).retrieveCommand,
  },
  {
    name: 'eval',
    summary: 'measure retrieval (recall@k, MRR) and abstention on the labelled dev set',
    load: async () => (await import('./commands/eval.ts')).evalCommand,
  },
  {
    name: 'kb',
    summary: 'check the knowledge base (kb check) or count it (kb stats)',
    load: async () => (await import('./commands/kb.ts')).kbCommand,
  },
  {
    name: 'check',
    summary: 'check text for banned wording (极限词, health claims, diversion …) and suggest safe rewrites',
    load: async () => (await import('./commands/check.ts')).checkCommand,
  },
];

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
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    io.stderr.write(`cunbo: unknown command "${name}"\n\n${overview()}\n`);
    return 1;
  }
  const command = await entry.load();
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
