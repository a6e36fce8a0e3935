/**
 * @module Tips checks: both languages present, every README situation in each, no unknown or repeated
 * situation, each tip short enough to say on air, and enough tips.
 */
import { checkLinks } from './check-links.ts';
import { limits, situationKeys } from './format.ts';
import type { ParsedTips } from './parse-tips.ts';
import type { Problem } from './problem.ts';
import { type Language, languages } from './schema.ts';
import { countWords } from './text-length.ts';

function checkTipsFile(tips: ParsedTips): Problem[] {
  const problems: Problem[] = [];
  const at = (line: number, message: string) => problems.push({ file: tips.path, line, message });
  const first = new Map<string, number>();
  let count = 0;
  for (const situation of tips.situations) {
    const earlier = first.get(situation.key);
    if (!(situationKeys as readonly string[]).includes(situation.key)) {
      at(
        situation.line,
        `unknown situation "${situation.key}" (expected one of ${situationKeys.join(', ')})`,
      );
    } else if (earlier !== undefined) {
      at(situation.line, `situation "${situation.key}" appears twice (first at line ${earlier})`);
    } else first.set(situation.key, situation.line);
    if (situation.tips.length === 0) at(situation.line, `situation "${situation.key}" has no tips`);
    for (const tip of situation.tips) {
      count += 1;
      if (!tip.text) at(tip.line, `tip ${tip.id} is empty`);
      else if (tips.lang === 'zh' && [...tip.text].length > limits.tip.zh) {
        at(tip.line, `tip ${tip.id}: ${[...tip.text].length} characters, at most ${limits.tip.zh}`);
      } else if (tips.lang === 'en' && countWords(tip.text) > limits.tip.en) {
        at(tip.line, `tip ${tip.id}: ${countWords(tip.text)} words, at most ${limits.tip.en}`);
      }
    }
  }
  for (const key of situationKeys) if (!first.has(key)) at(1, `missing situation "${key}"`);
  if (count < limits.tipsPerLanguage) at(1, `${count} tips, expected at least ${limits.tipsPerLanguage}`);
  return problems;
}

/** Problems of the tips files (by language). */
export function checkTips(
  tips: Partial<Record<Language, ParsedTips>>,
  paths: ReadonlySet<string>,
): Problem[] {
  return languages.flatMap((lang) => {
    const file = tips[lang];
    if (!file) {
      return [
        {
          file: `tips.${lang}.md`,
          line: 1,
          message: 'missing: the knowledge base needs tips.zh.md and tips.en.md',
        },
      ];
    }
    return [...checkTipsFile(file), ...checkLinks(file.path, file.links, paths)];
  });
}
