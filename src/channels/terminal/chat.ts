/**
 * @module The terminal channel: chat with the coach in a terminal, or pipe questions in, one per line.
 */
import { createInterface } from 'node:readline';
import type { Coach } from '../../core/coach.ts';
import { languageFromHint } from '../../core/language.ts';
import type { LessonLibrary } from '../../core/library.ts';
import { phrases } from '../../core/phrases.ts';
import { citationLabel, type Reply } from '../../core/turn.ts';
import type { Learning } from '../../learning/learning.ts';
import { terminalLearning } from './learn-commands.ts';

/** Options for {@link runTerminalChat}. */
export interface TerminalChatOptions {
  coach: Coach;
  /** For `/lesson <id>`. */
  library?: LessonLibrary;
  /** For /learn, /done, /skip, /quiz, /answer, /progress. */
  learning?: Learning;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** The coach's user id for this person, e.g. `term:alice`. */
  userId: string;
  displayName: string;
  /** `LANG`-style hint for the greeting. */
  languageHint?: string;
  /** Interactive: show a prompt and the greeting. Piped input gets answers only. */
  interactive: boolean;
  signal?: AbortSignal;
}

/** Runs until the input ends, `/quit` is typed, or `signal` aborts. */
export async function runTerminalChat({
  coach,
  library,
  learning,
  input,
  output,
  userId,
  displayName,
  languageHint,
  interactive,
  signal,
}: TerminalChatOptions): Promise<void> {
  const write = (text: string) => output.write(text);
  const lines = createInterface({ input, terminal: false });
  signal?.addEventListener('abort', () => lines.close(), { once: true });
  const prompt = () => interactive && write('\n› ');
  const learnCommand = learning ? terminalLearning(learning, userId) : async () => undefined;

  if (interactive) {
    const user = await coach.greet({ userId, channel: 'terminal', displayName, languageHint });
    write(`${phrases(user.language).greeting(displayName)}\n\n(/help, /quit)\n`);
    prompt();
  }
  for await (const line of lines) {
    const text = line.trim();
    if (!text) {
      prompt();
      continue;
    }
    if (text === '/quit' || text === '/exit') break;
    if (text === '/help' || text === '/start') {
      write(`${phrases(languageFromHint(languageHint)).help}\n`);
      prompt();
      continue;
    }
    const learned = learning ? await learnCommand(text) : undefined;
    if (learned !== undefined) {
      write(`${learned}\n`);
      prompt();
      continue;
    }
    const lessonId = /^\/lesson\s+(\S+)$/.exec(text)?.[1];
    if (lessonId) {
      const lesson = library?.lesson(lessonId);
      write(lesson ? `\n# ${lesson.title}\n\n${lesson.markdown}\n` : `(no lesson "${lessonId}")\n`);
      prompt();
      continue;
    }
    if (!interactive) write(`› ${text}\n`);
    const answer = coach.handle({ userId, channel: 'terminal', displayName, languageHint, text }, { signal });
    let streamed = '';
    for await (const delta of answer) {
      streamed += delta;
      write(delta);
    }
    const reply = await answer.final;
    // The streamed text can differ from the final one (a failed model answer becomes an apology).
    if (reply.text.trim() !== streamed.trim()) write(`${streamed ? '\n\n' : ''}${reply.text}`);
    write(`${renderSources(reply)}\n`);
    prompt();
  }
  lines.close();
}

function renderSources(reply: Reply): string {
  if (reply.citations.length === 0) return '';
  const label = phrases(reply.language).sources;
  const list = reply.citations
    .map((c, i) => `  ${citationLabel(c, i)} ${c.title}  (/lesson ${c.id})`)
    .join('\n');
  return `\n\n📚 ${label}:\n${list}`;
}
