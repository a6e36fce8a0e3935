/** @module `cunbo check`: the compliance checker on one text, or on JSON Lines from stdin. */
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { checkReport } from '../../channels/check-report.ts';
import type { ComplianceChecker } from '../../compliance/checker.ts';
import { ComplianceRulesError, loadComplianceChecker } from '../../compliance/load.ts';
import type { ComplianceViolation } from '../../compliance/violation.ts';
import { detectLanguage } from '../../core/language.ts';
import type { Language } from '../../core/turn.ts';
import { type CliCommand, type CliIO, UsageError } from '../command.ts';

const help = `Usage: cunbo check "text" [--json] [--lang zh|en] [--rules DIR]
       cunbo check [--lang zh|en] [--rules DIR] < lines.jsonl

Finds wording that gets live rooms and videos penalised or breaks the law: absolute terms (极限词), health
and medical claims for ordinary food, claims a deer product's legal category does not allow, false urgency
and price claims, and off-platform diversion (加微信, vx, 私聊). Spaces, emoji, full-width letters, pinyin and
homophones are seen through; text inside ❌…❌ is a quoted bad example and is not flagged. Offline and
deterministic: the rules are data files in knowledge/compliance/.

With text: lists each violation (the words, the rule, why, and one or two ✅ lines to say instead) and the
whole text rewritten, in the text's language (or --lang); with --json prints
{"violations":[{"span":{"start","end","text"},"rule","category","reason","rewrite","source","instead"}]}
(start and end are UTF-16 offsets into the text; an empty rewrite means "remove it"; instead lists whole
lines that can be said instead, often none).
With no text: reads JSON Lines {"id":…,"text":…,"lang":…} on stdin and prints one JSON object per line,
{"id":…,"violations":[…]}, with the same id (a bad line gets {"id":null,"line":N,"error":…}).

Options:
  --json         machine-readable output
  --lang zh|en   the language of the reasons (default: the text's language)
  --rules DIR    the rules directory (default: $KNOWLEDGE_DIR/compliance, else knowledge/compliance)

Exit status: 0 no violations, 1 violations found (or a usage mistake), 2 the rules did not load.`;

function parseLanguage(value: string | undefined): Language | undefined {
  if (value === undefined) return undefined;
  if (value !== 'zh' && value !== 'en') throw new UsageError('--lang must be zh or en');
  return value;
}

function toJson(violation: ComplianceViolation) {
  const { span, rule, category, reason, rewrite, source, instead } = violation;
  return { span, rule, category, reason, rewrite, source, instead };
}

function readable(text: string, report: string, found: boolean, language: Language): string {
  if (!found) return language === 'en' ? 'No violations.' : '没发现违规说法。';
  return `${report}\n\n${language === 'en' ? 'Original:' : '原文：'}\n${text}`;
}

/** One line of a JSON Lines batch. */
interface BatchLine {
  id: unknown;
  text: string;
  lang: Language | undefined;
}

function parseLine(line: string, lineNumber: number): BatchLine {
  const item = JSON.parse(line) as { id?: unknown; text?: unknown; lang?: unknown };
  if (typeof item !== 'object' || item === null) throw new Error('expected a JSON object');
  if (typeof item.text !== 'string') throw new Error('"text" must be text');
  if (item.lang !== undefined && item.lang !== 'zh' && item.lang !== 'en')
    throw new Error('"lang" must be zh or en');
  return { id: item.id ?? lineNumber, text: item.text, lang: item.lang };
}

async function checkBatch(
  checker: ComplianceChecker,
  io: CliIO,
  lang: Language | undefined,
): Promise<number> {
  let lineNumber = 0;
  let found = false;
  for await (const line of createInterface({ input: io.stdin, terminal: false })) {
    lineNumber += 1;
    if (!line.trim()) continue;
    let item: BatchLine;
    try {
      item = parseLine(line, lineNumber);
    } catch (error) {
      io.stdout.write(`${JSON.stringify({ id: null, line: lineNumber, error: (error as Error).message })}\n`);
      continue;
    }
    const { violations } = checker.check(item.text, { lang: lang ?? item.lang });
    if (violations.length > 0) found = true;
    io.stdout.write(`${JSON.stringify({ id: item.id, violations: violations.map(toJson) })}\n`);
  }
  return found ? 1 : 0;
}

/** `cunbo check "text" [--json] [--lang zh|en] [--rules DIR]`, or JSON Lines on stdin. */
export const checkCommand: CliCommand = {
  name: 'check',
  help,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, lang: { type: 'string' }, rules: { type: 'string' } },
    });
    const lang = parseLanguage(values.lang);
    const dir = values.rules ?? join(io.env.KNOWLEDGE_DIR?.trim() || 'knowledge', 'compliance');
    let checker: ComplianceChecker;
    try {
      checker = await loadComplianceChecker(dir);
    } catch (error) {
      if (!(error instanceof ComplianceRulesError)) throw error;
      io.stderr.write(`cunbo check: ${error.message}\n`);
      return 2;
    }
    if (positionals.length === 0) return checkBatch(checker, io, lang);
    const text = positionals.join(' ');
    const language = lang ?? detectLanguage(text);
    const report = checkReport(checker, text, language);
    const { violations } = report;
    if (values.json) {
      io.stdout.write(`${JSON.stringify({ violations: violations.map(toJson) }, null, 2)}\n`);
    } else {
      io.stdout.write(`${readable(text, report.text, violations.length > 0, language)}\n`);
    }
    return violations.length > 0 ? 1 : 0;
  },
};
