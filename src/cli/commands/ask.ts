/** @module `cunbo ask`: one answer (model or offline) with its citations, for scripting and evaluation. */
import { parseArgs } from 'node:util';
import { complianceHooks } from '../../compliance/hooks.ts';
import { createAnswerer } from '../../core/answer.ts';
import { detectLanguage } from '../../core/language.ts';
import { citationLabel, type Language } from '../../core/turn.ts';
import { createChatModel } from '../../llm/chat-model.ts';
import { loadPrompts } from '../../prompts/prompt-library.ts';
import type { CliCommand } from '../command.ts';
import { parseLang, readBatch, withKnowledge } from '../knowledge-runner.ts';

/** `cunbo ask "question" [--json] [--lang zh|en] [--offline]` */
export const askCommand: CliCommand = {
  name: 'ask',
  help: `Usage: cunbo ask "question" [--json] [--lang zh|en] [--offline]
       cunbo ask --json < questions.jsonl

Prints the answer with its citations; --json prints {answer, citations:[{id,title,track}], abstained, track}.
With no question, reads JSON Lines {"id":…,"question":…,"lang":…} on stdin and prints one JSON object per
line with the same id.

Options:
  --json        machine-readable output
  --lang zh|en  answer in this language (default: the question's language)
  --offline     answer from retrieval alone even when OPENAI_API_KEY is set`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, lang: { type: 'string' }, offline: { type: 'boolean' } },
    });
    const forcedLang = parseLang(values.lang);
    return withKnowledge(io, {}, async ({ config, knowledge }) => {
      const model = config.chat && !values.offline ? createChatModel(config.chat) : undefined;
      const answerer = createAnswerer({
        prompts: await loadPrompts(config.promptsDir),
        model,
        grounding: knowledge.grounding,
        ...complianceHooks(knowledge.compliance),
      });
      const answer = async (question: string, lang: Language) => {
        const { reply, grounded } = await answerer.answer(question, lang, [], () => {});
        return {
          answer: reply.text,
          citations: reply.citations,
          abstained: reply.abstained,
          track:
            reply.citations[0]?.track ?? (reply.abstained ? null : (grounded?.passages[0]?.track ?? null)),
        };
      };
      if (positionals.length === 0) {
        for await (const item of readBatch(io)) {
          const lang = forcedLang ?? item.lang ?? detectLanguage(item.question);
          try {
            io.stdout.write(`${JSON.stringify({ id: item.id, ...(await answer(item.question, lang)) })}\n`);
          } catch (error) {
            io.stdout.write(`${JSON.stringify({ id: item.id, error: (error as Error).message })}\n`);
          }
        }
        return 0;
      }
      const question = positionals.join(' ');
      const result = await answer(question, forcedLang ?? detectLanguage(question));
      if (values.json) {
        io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      } else {
        const sources = result.citations
          .map((c, i) => `  ${citationLabel(c, i)} ${c.title} (${c.id})`)
          .join('\n');
        io.stdout.write(`${result.answer}\n${sources ? `\n${sources}\n` : ''}`);
      }
      return 0;
    });
  },
};
