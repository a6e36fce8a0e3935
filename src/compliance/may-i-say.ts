/**
 * @module "Can I say …?": when a question asks whether a phrase may be said and the phrase breaks a rule, the
 * rule itself answers first. Retrieval ranks lessons by the words of the question, and "鹿血片可以说降血压吗"
 * shares more words with the licences lesson (鹿血片) than with the health-claims one; the rule that
 * `降血压` breaks is the direct answer, in the rules' own curated, sourced words.
 */
import type { Language } from '../core/turn.ts';
import type { ComplianceChecker } from './checker.ts';

// Asking whether something may be said, written or claimed; not any question that happens to contain a word.
const asksZh =
  /(能|可以|可|能不能|可不可以|让不让|允许|准不准)(说|讲|写|用|提|宣传|喊|标|打|叫)|算(不算)?违规|违规(吗|不|没|么)|违不违规|合规(吗|不|么)|犯规(吗|不)|会不会被(封|限流|处罚|罚)/u;
const asksEn =
  /\b(can|may|could|should)\s+(i|we)\s+(say|write|use|claim|call|mention|put|advertise)\b|\ballowed to (say|write|use|claim|call)\b|\b(is|are)\s+(it|this|that|these|those)\s+(allowed|ok|okay|legal|banned|a violation)\b|\bagainst the rules\b/i;

const words = {
  zh: {
    intro: '⚠️ 按合规规则，这样说不行：',
    check: '整段文案可以发 /check 检查。',
  },
  en: {
    intro: '⚠️ By the compliance rules, that may not be said:',
    check: 'Send a whole caption or script with /check to check it.',
  },
};

/**
 * Makes the note for a question: undefined unless the question asks whether something may be said and the
 * checker finds a violation in it. Each flagged phrase is quoted as ❌"…"❌ (the knowledge base's mark for a
 * bad example, which the compliance rewrite leaves alone) with the rule's reason, whose own examples of what
 * it forbids are marked the same way: the note passes the checker as it is, in drafts too.
 */
export function createMayISay(
  checker: ComplianceChecker,
): (question: string, language: Language) => string | undefined {
  // A rule's reason is the same every time: marked once per rule and language.
  const marked = new Map<string, string>();
  const reasonOf = (rule: string, reason: string, language: Language) => {
    const key = `${language}:${rule}`;
    let text = marked.get(key);
    if (text === undefined) {
      text = markBadExamples(checker, reason, language);
      marked.set(key, text);
    }
    return text;
  };
  return (question, language) => {
    // Either language's wording asks ("Can I say 壮阳补肾?"); the note is in the language of the answer.
    if (!asksZh.test(question) && !asksEn.test(question)) return undefined;
    const { violations } = checker.check(question, { lang: language });
    if (violations.length === 0) return undefined;
    const say = words[language];
    const seen = new Set<string>();
    const lines: string[] = [];
    for (const violation of violations) {
      if (seen.has(violation.rule)) continue;
      seen.add(violation.rule);
      lines.push(`• ❌"${violation.span.text}"❌ ${reasonOf(violation.rule, violation.reason, language)}`);
    }
    return `${say.intro}\n${lines.join('\n')}\n${say.check}`;
  };
}

/** `text` with each phrase the rules flag in it wrapped in ❌…❌ (a rule's reason names what it forbids). */
function markBadExamples(checker: ComplianceChecker, text: string, language: Language): string {
  const spans = checker
    .check(text, { lang: language })
    .violations.map((violation) => violation.span)
    .sort((a, b) => a.start - b.start);
  let marked = '';
  let at = 0;
  for (const span of spans) {
    if (span.start < at) continue;
    marked += `${text.slice(at, span.start)}❌${span.text}❌`;
    at = span.end;
  }
  // A quoted list the marks now cover end to end needs its quotes no more ("❌降血压❌、❌降血糖❌" →
  // ❌降血压❌、❌降血糖❌), and two marked phrases side by side are one: ❌壮阳❌❌补肾❌ → ❌壮阳补肾❌.
  return (marked + text.slice(at)).replace(/["“「](❌[^"“”「」]*❌)["”」]/gu, '$1').replaceAll('❌❌', '');
}
