/** @module `cunbo retrieve`: the ranked passages for a question, for evaluation and scripting. */
import { parseArgs } from 'node:util';
import { detectLanguage } from '../../core/language.ts';
import type { Language } from '../../core/turn.ts';
import type { ScoredChunk } from '../../retrieval/lexical-retriever.ts';
import { type CliCommand, UsageError } from '../command.ts';
import { parseLang, readBatch, withKnowledge } from '../knowledge-runner.ts';

function toJson(hit: ScoredChunk) {
  const { chunk } = hit;
  return {
    lessonId: chunk.lessonId,
    title: chunk.title,
    track: chunk.track,
    lang: chunk.lang,
    section: chunk.section,
    score: Number(hit.score.toFixed(4)),
    coverage: Number((hit.coverage ?? 0).toFixed(3)),
    text: chunk.text,
  };
}

/** `cunbo retrieve "question" [--json] [-k 5] [--lang zh|en]` */
export const retrieveCommand: CliCommand = {
  name: 'retrieve',
  help: `Usage: cunbo retrieve "question" [--json] [-k N] [--lang zh|en]
       cunbo retrieve --json < questions.jsonl

Prints the ranked passages: lesson id, title, track, language, score, text.
With no question, reads JSON Lines {"id":…,"question":…,"lang":…} on stdin and prints one JSON object
per line with the same id.

Options:
  --json        machine-readable output
  -k N          how many passages (default 5)
  --lang zh|en  search this language (default: the question's language)`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, k: { type: 'string', short: 'k' }, lang: { type: 'string' } },
    });
    const k = values.k === undefined ? 5 : Number(values.k);
    if (!Number.isInteger(k) || k < 1 || k > 50)
      throw new UsageError('-k must be a whole number from 1 to 50');
    const forcedLang = parseLang(values.lang);
    return withKnowledge(io, {}, async ({ knowledge }) => {
      const retrieve = async (question: string, lang: Language) =>
        knowledge.grounding.rank(question, lang, k);
      if (positionals.length === 0) {
        for await (const item of readBatch(io)) {
          const lang = forcedLang ?? item.lang ?? detectLanguage(item.question);
          const hits = await retrieve(item.question, lang);
          io.stdout.write(`${JSON.stringify({ id: item.id, lang, results: hits.map(toJson) })}\n`);
        }
        return 0;
      }
      const question = positionals.join(' ');
      const lang = forcedLang ?? detectLanguage(question);
      const hits = await retrieve(question, lang);
      if (values.json) {
        io.stdout.write(`${JSON.stringify({ question, lang, results: hits.map(toJson) }, null, 2)}\n`);
      } else {
        for (const [i, hit] of hits.entries()) {
          io.stdout.write(
            `${i + 1}. [${hit.score.toFixed(2)}] ${hit.chunk.lessonId} › ${hit.chunk.section}\n   ${hit.chunk.text.split('\n').slice(1).join(' ').slice(0, 160)}\n`,
          );
        }
      }
      return 0;
    });
  },
};
