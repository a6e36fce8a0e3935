/**
 * @module The reply to `/check` (Telegram) and `cunbo check` (terminal): for each violation the words
 * flagged, the rule, why, and one or two ✅ lines that can be said instead; then the whole text rewritten.
 * Short lines, so it reads on a phone; in the asker's language. A rule flagged twice is explained once.
 */
import type { ComplianceChecker } from '../compliance/checker.ts';
import type { ComplianceViolation } from '../compliance/violation.ts';
import type { Language } from '../core/turn.ts';

// Every word the user sees. Unknown categories (rules files may add some) show their id.
const words = {
  zh: {
    clean: '✅ 没发现违规说法。（自动检查只能查常见问题，拿不准的到平台规则中心核对。）',
    found: (n: number) => `⚠️ 发现 ${n} 处可能违规：`,
    category: {
      'absolute-terms': '极限词',
      'health-claims': '功效宣称',
      'deer-category': '鹿产品类别',
      'price-urgency': '价格和促销',
      diversion: '站外导流',
      authority: '权威背书',
      superstition: '封建迷信',
    } as Record<string, string>,
    rule: '规则：',
    why: '为什么：',
    instead: (line: string) => `✅ 可以说："${line}"`,
    swap: (words: string) => `✅ 可以换成："${words}"`,
    remove: '✂️ 这几个字删掉',
    same: (n: number) => `（同第${n}条）`,
    rewritten: '改好的版本：',
  },
  en: {
    clean:
      "✅ No violations found. (An automatic check catches the common problems; when unsure, confirm in the platform's rules centre.)",
    found: (n: number) => `⚠️ ${n} possible violation${n === 1 ? '' : 's'}:`,
    category: {
      'absolute-terms': 'absolute terms',
      'health-claims': 'health claims',
      'deer-category': 'deer product category',
      'price-urgency': 'prices and promotions',
      diversion: 'off-platform diversion',
      authority: 'authority claims',
      superstition: 'superstition',
    } as Record<string, string>,
    rule: 'Rule: ',
    why: 'Why: ',
    instead: (line: string) => `✅ You can say: "${line}"`,
    swap: (words: string) => `✅ Say instead: "${words}"`,
    remove: '✂️ Leave these words out',
    same: (n: number) => `(as no. ${n})`,
    rewritten: 'Rewritten:',
  },
} as const;

/** At most this many ✅ lines per violation. */
const maxInstead = 2;

/** The ✅ lines for one violation: the rule's vetted lines, else the span's safe wording, else "remove". */
function alternatives(violation: ComplianceViolation, language: Language): string[] {
  const say = words[language];
  const lines = [...new Set(violation.instead.map((line) => line.trim()).filter(Boolean))].slice(
    0,
    maxInstead,
  );
  if (lines.length > 0) return lines.map(say.instead);
  return [violation.rewrite.trim() ? say.swap(violation.rewrite.trim()) : say.remove];
}

/** The category of a violation in words. */
export function categoryLabel(category: string, language: Language): string {
  return words[language].category[category] ?? category;
}

/** One violation as lines: `n.「span」 · category`, the rule, why, the ✅ alternatives. */
function item(
  violation: ComplianceViolation,
  n: number,
  language: Language,
  options: { alternatives: boolean; firstOfRule: number | undefined },
): string {
  const say = words[language];
  const head = `${n}. 「${violation.span.text}」 · ${categoryLabel(violation.category, language)}`;
  if (options.firstOfRule !== undefined) return `${head} ${say.same(options.firstOfRule)}`;
  return [
    head,
    `${say.rule}${violation.source}`,
    `${say.why}${violation.reason}`,
    ...(options.alternatives ? alternatives(violation, language) : []),
  ].join('\n');
}

/**
 * The violations as a readable list, one block per violation (an empty string when there are none); a rule
 * already explained above is named, not explained again. `alternatives: false` leaves out the ✅ lines.
 */
export function violationList(
  violations: readonly ComplianceViolation[],
  language: Language,
  { alternatives = true }: { alternatives?: boolean } = {},
): string {
  const firstOf = new Map<string, number>();
  return violations
    .map((violation, i) => {
      const firstOfRule = firstOf.get(violation.rule);
      if (firstOfRule === undefined) firstOf.set(violation.rule, i + 1);
      return item(violation, i + 1, language, { alternatives, firstOfRule });
    })
    .join('\n\n');
}

/** The whole `/check` reply for `text`: each violation, then the text rewritten; or "nothing found". */
export function checkReport(
  checker: Pick<ComplianceChecker, 'rewrite'>,
  text: string,
  language: Language,
): { text: string; violations: ComplianceViolation[] } {
  const say = words[language];
  const { text: rewritten, violations } = checker.rewrite(text, { lang: language });
  if (violations.length === 0) return { text: say.clean, violations };
  return {
    text: `${say.found(violations.length)}\n\n${violationList(violations, language)}\n\n${say.rewritten}\n${rewritten}`,
    violations,
  };
}
