/** @module `cunbo chat`: talk to the coach in a terminal. */
import { userInfo } from 'node:os';
import { runTerminalChat } from '../../channels/terminal/chat.ts';
import { runWithApp } from '../app-runner.ts';
import { type CliCommand, UsageError } from '../command.ts';

/** `cunbo chat [--user NAME]` */
export const chatCommand: CliCommand = {
  name: 'chat',
  help: `Usage: cunbo chat [--user NAME]

Chat with the coach in the terminal. Type a question and press Enter; /help for help, /quit or Ctrl-D to leave.
The course: /learn (next lesson), /done, /skip, /tick 1, /quiz, /answer B, /progress; /lesson <id> prints a lesson.
Piped input is read one question per line:  echo "直播间没人说话怎么办" | npx cunbo chat

Options:
  --user NAME   who you are (default: your login name); each name has its own history and progress

Without OPENAI_API_KEY the coach answers offline from the knowledge base.
Without REDIS_URL a private redis-server is started with its data under DATA_DIR (default ./data).`,
  async run(args, io) {
    const name = parseUser(args) ?? userInfo().username;
    const interactive = Boolean((io.stdin as NodeJS.ReadStream).isTTY);
    return runWithApp(io, { defaultLogLevel: 'warn' }, (app, stop) =>
      runTerminalChat({
        coach: app.coach,
        library: app.library,
        learning: app.learning,
        input: io.stdin,
        output: io.stdout,
        userId: `term:${name}`,
        displayName: name,
        languageHint: io.env.LANG,
        interactive,
        signal: AbortSignal.any([stop, app.signal]),
      }),
    );
  },
};

function parseUser(args: string[]): string | undefined {
  if (args.length === 0) return undefined;
  if (args[0] === '--user' && args[1] && args.length === 2) return args[1];
  throw new UsageError(`unexpected arguments: ${args.join(' ')}`);
}
