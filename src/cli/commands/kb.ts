/** @module `cunbo kb check` and `cunbo kb stats`: keeping the knowledge base correct and complete. */
import { checkParsed } from '../../knowledge/check.ts';
import { parseKnowledgeBase } from '../../knowledge/read.ts';
import { knowledgeBaseStats } from '../../knowledge/stats.ts';
import { type CliCommand, type CliIO, UsageError } from '../command.ts';

async function check(dir: string, io: CliIO): Promise<number> {
  const parsed = await parseKnowledgeBase(dir).catch((error: Error) => {
    throw new UsageError(error.message);
  });
  const problems = checkParsed(parsed);
  for (const p of problems) io.stdout.write(`${dir.replace(/\/$/, '')}/${p.file}:${p.line}: ${p.message}\n`);
  const stats = knowledgeBaseStats(parsed);
  const tips = stats.tips.zh + stats.tips.en;
  const terms = stats.glossaryTerms.zh + stats.glossaryTerms.en;
  io.stdout.write(
    problems.length === 0
      ? `knowledge base OK: ${stats.lessons} lessons, ${terms} glossary terms, ${tips} tips\n`
      : `${problems.length} problem(s) in ${dir}\n`,
  );
  return problems.length === 0 ? 0 : 1;
}

async function stats(dir: string, json: boolean, io: CliIO): Promise<number> {
  const result = knowledgeBaseStats(await parseKnowledgeBase(dir));
  if (json) {
    io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  }
  const lines = [
    `lessons: ${result.lessons}`,
    'track        zh   en',
    ...Object.entries(result.byTrack).map(
      ([track, n]) => `${track.padEnd(11)} ${String(n.zh).padStart(3)}  ${String(n.en).padStart(3)}`,
    ),
    `levels: ${Object.entries(result.byLevel)
      .map(([level, n]) => `${level} ${n}`)
      .join(', ')}`,
    `length zh (Chinese characters) min/median/max: ${result.length.zh.join(' / ')}`,
    `length en (words) min/median/max: ${result.length.en.join(' / ')}`,
    `lessons without tasks: ${result.withoutTasks.join(', ') || 'none'}`,
    `lessons without a quiz: ${result.withoutQuiz.join(', ') || 'none'}`,
    `glossary terms: zh ${result.glossaryTerms.zh}, en ${result.glossaryTerms.en}`,
    `tips: zh ${result.tips.zh}, en ${result.tips.en}`,
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/** `cunbo kb check [dir]`, `cunbo kb stats [dir] [--json]` */
export const kbCommand: CliCommand = {
  name: 'kb',
  help: `Usage: cunbo kb check [dir]
       cunbo kb stats [dir] [--json]

check  validates every file of the knowledge base (default dir: knowledge/): front matter, unique ids,
       translations, required sections, tasks and quizzes, lengths, links, glossary and tips. Prints each
       problem as file:line: message and exits 1 if there is any.
stats  counts lessons per track, language and level, lengths, lessons lacking tasks or quizzes,
       glossary terms and tips.`,
  async run(args, io) {
    const [action, ...rest] = args;
    const json = rest.includes('--json');
    const positional = rest.filter((arg) => !arg.startsWith('--'));
    if (positional.length > 1) throw new UsageError(`unexpected arguments: ${positional.slice(1).join(' ')}`);
    const dir = positional[0] ?? 'knowledge';
    if (action === 'check' && !json) return check(dir, io);
    if (action === 'stats') return stats(dir, json, io);
    throw new UsageError(action ? `unknown action "${action}"` : 'say "check" or "stats"');
  },
};
