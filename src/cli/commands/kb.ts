/**
 * @module `cunbo kb check` and `cunbo kb stats`: keeping the knowledge base correct, and seeing how complete it
 * is; `cunbo kb export-approved`: trainers' approved answers as knowledge-base files.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { inspectKnowledgeBase, type KnowledgeBaseInspection } from '../../knowledge/load.ts';
import { formatProblem } from '../../knowledge/problem.ts';
import { languages, levels, tracks } from '../../knowledge/schema.ts';
import { type KnowledgeBaseStats, knowledgeBaseStats } from '../../knowledge/stats.ts';
import { approvedAnswerFiles } from '../../trainer/export-approved.ts';
import { runWithApp } from '../app-runner.ts';
import { type CliCommand, type CliIO, UsageError } from '../command.ts';

const help = `Usage: cunbo kb check [dir]
       cunbo kb stats [dir] [--json]
       cunbo kb export-approved [--out dir]

check   validates the knowledge base against knowledge/README.md: front matter, ids and translations,
        lesson orders, required sections, tasks and quizzes, lengths, links, glossary and tips.
        Prints every problem as file:line: message, then a summary; exits 1 if there is any problem.
stats   counts lessons per track, language and level, lesson lengths, lessons lacking tasks or a quiz,
        glossary terms and tips. Works on a knowledge base that still has problems.
export-approved
        writes every trainer-approved answer (from Redis: REDIS_URL, REDIS_PREFIX) as
        <out>/answers/<date>-<id>.<lang>.md in the knowledge-base format; copy <out>/answers into
        knowledge/ and "cunbo kb check" validates them (docs/knowledge-loop.md).

Arguments:
  dir     the knowledge directory (default: knowledge/ in the current directory)

Options:
  --json  (stats) print the counts as JSON
  --out   (export-approved) where to write (default: <DATA_DIR>/kb-export)`;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Columns padded to their widest cell: the first left-aligned, the rest right-aligned. */
function table(rows: ReadonlyArray<ReadonlyArray<string | number>>): string[] {
  const cells = rows.map((row) => row.map(String));
  const widths = cells[0]!.map((_, column) => Math.max(...cells.map((row) => row[column]?.length ?? 0)));
  return cells.map((row) =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ')
      .trimEnd(),
  );
}

function statsTable(stats: KnowledgeBaseStats): string {
  const sum = (counts: Record<string, Record<'zh' | 'en', number>>, lang: 'zh' | 'en') =>
    Object.values(counts).reduce((n, c) => n + c[lang], 0);
  const list = (ids: string[]) => (ids.length ? ids.join(', ') : 'none');
  return [
    ...table([
      ['lessons', ...languages],
      ...tracks.map((track) => [
        `  ${track}`,
        ...languages.map((lang) => stats.lessons.byTrack[track][lang]),
      ]),
      ['  total', ...languages.map((lang) => sum(stats.lessons.byTrack, lang))],
      ['levels', '', ''],
      ...levels.map((level) => [
        `  ${level}`,
        ...languages.map((lang) => stats.lessons.byLevel[level][lang]),
      ]),
    ]),
    '',
    ...table([
      ['length', 'min', 'median', 'max'],
      ...languages.map((lang) => {
        const length = stats.length[lang];
        return [`  ${lang} (${length.unit})`, length.min, length.median, length.max];
      }),
    ]),
    '',
    `lessons without tasks: ${list(stats.lacking.tasks)}`,
    `lessons without a quiz: ${list(stats.lacking.quiz)}`,
    `glossary terms: ${languages.map((lang) => `${lang} ${stats.glossaryEntries[lang]}`).join(', ')}`,
    `tips: ${languages.map((lang) => `${lang} ${stats.tips[lang]}`).join(', ')}`,
  ].join('\n');
}

async function inspect(
  dir: string | undefined,
): Promise<{ shown: string; inspection: KnowledgeBaseInspection }> {
  const shown = dir ?? 'knowledge';
  const path = resolve(process.cwd(), shown);
  const isDirectory = await stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDirectory) throw new UsageError(`${shown} is not a directory`);
  return { shown, inspection: await inspectKnowledgeBase(path) };
}

async function check(dir: string | undefined, io: CliIO): Promise<number> {
  const { shown, inspection } = await inspect(dir);
  const { kb, problems } = inspection;
  for (const problem of problems) io.stdout.write(`${formatProblem(problem, shown)}\n`);
  if (problems.length > 0) {
    io.stdout.write(`${plural(problems.length, 'problem')}\n`);
    return 1;
  }
  const stats = knowledgeBaseStats(kb);
  const terms = stats.glossaryEntries.zh + stats.glossaryEntries.en;
  const tips = stats.tips.zh + stats.tips.en;
  io.stdout.write(
    `knowledge base OK: ${plural(kb.lessons.length, 'lesson')}, ${plural(terms, 'glossary term')}, ${plural(tips, 'tip')}\n`,
  );
  return 0;
}

async function stats(dir: string | undefined, json: boolean, io: CliIO): Promise<number> {
  const { shown, inspection } = await inspect(dir);
  const stats = knowledgeBaseStats(inspection.kb);
  io.stdout.write(`${json ? JSON.stringify(stats, null, 2) : statsTable(stats)}\n`);
  if (inspection.problems.length > 0) {
    io.stderr.write(
      `note: ${plural(inspection.problems.length, 'problem')}; run "cunbo kb check ${shown}"\n`,
    );
  }
  return 0;
}

async function exportApproved(out: string | undefined, io: CliIO): Promise<number> {
  return runWithApp(io, { defaultLogLevel: 'warn' }, async (app) => {
    const dir = resolve(process.cwd(), out ?? join(app.config.dataDir, 'kb-export'));
    const files = approvedAnswerFiles(await app.approvedAnswers.list());
    for (const file of files) {
      const path = join(dir, file.path);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.text);
    }
    io.stdout.write(`${plural(files.length, 'approved answer')} written to ${join(dir, 'answers')}
`);
  });
}

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { json: { type: 'boolean' }, out: { type: 'string' } },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** `cunbo kb check [dir]`, `cunbo kb stats [dir] [--json]`, `cunbo kb export-approved [--out dir]` */
export const kbCommand: CliCommand = {
  name: 'kb',
  help,
  async run(args, io) {
    if (args.includes('--help') || args.includes('-h')) {
      io.stdout.write(`${help}\n`);
      return 0;
    }
    const { values, positionals } = parse(args);
    const [action, dir, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
    if (action === 'check') {
      if (values.json) throw new UsageError('--json goes with "kb stats"');
      return check(dir, io);
    }
    if (values.out !== undefined && action !== 'export-approved')
      throw new UsageError('--out goes with "kb export-approved"');
    if (action === 'stats') return stats(dir, values.json ?? false, io);
    if (action === 'export-approved') {
      if (dir) throw new UsageError(`unexpected argument: ${dir} (use --out dir)`);
      return exportApproved(values.out, io);
    }
    throw new UsageError(
      action
        ? `unknown subcommand "${action}" (expected check, stats or export-approved)`
        : 'expected check, stats or export-approved',
    );
  },
};
