/** An independent check for the security tests: does a text quote the answering prompts' wording? */
import { readFileSync } from 'node:fs';

// Not no-context.md: it tells the model what to say, so its words are meant to appear.
const prompts = ['system', 'persona-owner', 'persona-anchor'].map((name) =>
  readFileSync(`prompts/${name}.md`, 'utf8'),
);

/** Runs of 30 characters (whitespace folded, lower case) of the prompts' fixed text, every 10 characters. */
const runs = prompts.flatMap((template) =>
  template.split(/\{\{\w+\}\}/).flatMap((part) => {
    const text = fold(part);
    const out: string[] = [];
    for (let i = 0; i + 30 <= text.length; i += 10) out.push(text.slice(i, i + 30));
    return out;
  }),
);

/** The prompt runs found in `text` (empty: no leak). */
export function promptRunsIn(text: string): string[] {
  const folded = fold(text);
  return runs.filter((run) => folded.includes(run));
}

/** The fixed opening of prompts/system.md, which any verbatim leak would show. */
export const systemOpening = fold(prompts[0]!).slice(0, 40);

function fold(text: string): string {
  return text.replace(/\s+/g, ' ').toLowerCase();
}
