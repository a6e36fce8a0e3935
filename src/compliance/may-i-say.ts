/**
 * @module "Can I say …?": a question that asks whether a phrase may be said gets a verdict first, from the
 * rules themselves. Retrieval ranks lessons by the words of the question, and "鹿血片可以说降血压吗" shares
 * more words with the licences lesson (鹿血片) than with the health-claims one; the rule that `降血压` breaks
 * is the direct answer, in the rules' own curated, sourced words, with a line that may be said instead. A
 * phrase no rule flags gets a short "fine", saying which rules it was checked against.
 */
import type { MayISayVerdict } from '../core/answer.ts';
import type { Language } from '../core/turn.ts';
import type { ComplianceChecker } from './checker.ts';
import type { ComplianceViolation } from './violation.ts';

/** The verdict on a "can I say …?" question, and the note that gives it (it passes the checker as it is). */
export type MayISay = MayISayVerdict;

// Every word the user sees. Each line passes the compliance checker (the test checks the notes).
const words = {
  zh: {
    breaks: '⚠️ 不能这样说。',
    instead: (line: string) => `✅ 可以说："${line}"`,
    source: '依据：',
    sourceSeparator: '；',
    check: '整段文案可以发 /check 检查。',
    fine: (phrase: string) =>
      `✅ "${phrase}" 没有查到违规：查过极限词、功效宣称、鹿产品类别、价格促销、站外导流、权威背书和迷信说法的规则。说的时候要和事实一致（产地、规格、价格都要能拿出依据）。`,
  },
  en: {
    breaks: "⚠️ You can't say that.",
    instead: (line: string) => `✅ You can say: "${line}"`,
    source: 'Source: ',
    sourceSeparator: '; ',
    check: 'Send a whole caption or script with /check to check it.',
    fine: (phrase: string) =>
      `✅ "${phrase}" breaks none of the rules I check: absolute terms, health claims, deer product categories, prices and promotions, off-platform diversion, official endorsements and superstition. Just keep it true: you should be able to back up the origin, size and price.`,
  },
} as const;

/** The phrase a question asks about, where it stands in the question, and how sure the reading is. */
interface Asked {
  phrase: string;
  /** UTF-16 ranges of the phrase in the question (one per quote when there are several). */
  ranges: Array<{ start: number; end: number }>;
  /**
   * Whether the question surely asks about a wording ("可以说…吗", "is 'X' a banned word"), so a phrase no
   * rule flags may be called fine. Not so for "能用抖音开直播吗" or "好评返现违规吗": the rules judge words,
   * not acts, and the lessons answer those.
   */
  sure: boolean;
}

// ── Chinese ──────────────────────────────────────────────────────────────────────────────────────────────
// Verbs of saying, writing or labelling. Reduplicated or explanatory forms (说说, 说一下, 讲解, 称重, 标价)
// ask Cunbo to explain, weigh or price something, not whether a phrase may be said.
const zhSayVerb =
  '说成|写成|写上|叫做|叫成|称作|称为|标注|标明|标成|打上|宣传|宣称|口播|说(?!说|一下|下|明|清|服|话|了|过|完|的|点|些)|讲(?!讲|一下|下|解|课|价|究|座|的|点|些)|喊(?!人|话)|写(?!一下|下|的|点|些)|标(?!价|题|准|记|签)|称(?!重|一下)';
// Verbs that only ask about a word when the word is quoted or named as one ("用'纯天然'这个词").
const zhWeakVerb = '用|叫|印|挂|提到|提及|提起|提(?!现|前|高|升|供|交|醒|问|货|款|取|速|成|示|出)';
// Asking whether it may be done: 能不能, 可不可以, 让不让 … ask by themselves; 能, 可以, 让 need a question tail.
const zhAskingModal = '能不能|可不可以|可以不可以|让不让|准不准|允不允许|能否|可否|是否可以|是否能';
const zhModal = `${zhAskingModal}|可以|允许|让|(?<![可功智性技本体])能`;
// Between the modal and the verb: where or to whom ("能在直播间说", "可以跟顾客讲").
const zhVia = '(?:(?:在|跟|对|和|给|向|当着)[^，,。；;！!？?\\n说讲写喊]{1,10}?)?';
const zhPlainTail = '(?:吗|么|嘛|不|没|没有|呢|呀|啊|吧)';
// Tails that ask whether it is acceptable ("…行不行", "…可以吗").
const zhOkTail =
  '行不行|行不|行吗|行么|行嘛|能行吗|可以吗|可以么|可以嘛|可以不|可以不可以|可不可以|中不中|中吗|好使吗|合适吗|妥吗|有问题吗|没问题吧|没事吧';
// Tails that ask whether it breaks a rule or the law ("…算不算违规", "…是否违反广告法", "…会不会被封");
// about a phrase only with a verb of saying or a quote.
const zhRuleCore =
  '违规|违法|犯法|合规|合法|违反(?:广告法|法律|规定|平台规则|规则)|触犯(?:广告法|法律)|虚假营销|虚假宣传|站外导流|导流|引流|价格欺诈|夸大宣传|被(?:法律|平台)?所?允许|允许';
const zhRuleTail = `(?:是否|是不是|会不会|算不算|会|也|算|属于|构成|涉嫌)+(?:${zhRuleCore})(?:吗|么|不|嘛|呢)?|(?:违规|违法|犯法|合规|合法|违反广告法)(?:吗|么|不|嘛|呢)|违不违规|违不违法|犯不犯法|合不合规|合不合法|违不违反(?:广告法|规定)?|(?:会不会|是否会|会)被(?:封号|封|限流|处罚|罚款|罚|扣分|扣保证金|下架|警告|判违规)(?:吗|么)?`;
// Tails that name the phrase as a word ("…是违禁词吗", "…是否属于'最高级'等用语"): always about a phrase.
const zhWordTail =
  '(?:是否|是不是|算不算|属于|算|是)*(?:极限词|违禁词|敏感词|禁用词|绝对化用语|广告禁用语)(?:吗|么)?|(?:是否|是不是|算不算)?属于[^，,。；;！!？?\\n]{0,20}?(?:用语|字眼|词)(?:吗|么)?';
const zhEnd = '[\\s?？!！。.~～…]*(?=$|[，,。；;！!？?\\n])';

const zhModalVerb = new RegExp(`(?<![你您])(${zhModal})${zhVia}(?:(${zhSayVerb})|(${zhWeakVerb}))(.*)$`, 'u');
const zhVerbTail = new RegExp(
  `(?<![不没别])(?:(${zhSayVerb})|(${zhWeakVerb}))([^，,。；;！!？?\\n]+?)(${zhOkTail}|${zhRuleTail}|${zhWordTail})${zhEnd}`,
  'u',
);
const zhPhraseTail = new RegExp(
  `([^，,。；;！!？?\\n]+?)(${zhWordTail}|${zhRuleTail}|${zhOkTail})${zhEnd}`,
  'u',
);
const zhAskingBefore = new RegExp(`是不是|是否|${zhAskingModal}`, 'u');
const zhTrailing = new RegExp(
  `(?:${zhOkTail}|${zhRuleTail}|${zhWordTail}|${zhPlainTail})?[\\s?？!！。.~～…]*$`,
  'u',
);
const zhHasTail = new RegExp(
  `(?:${zhOkTail}|${zhRuleTail}|${zhWordTail}|${zhPlainTail})[\\s?？!！。.~～…]*$|[?？]`,
  'u',
);
// "…这个词", "…这句话": the phrase is named as a wording.
const zhWordMarker =
  /(?:(?:这|那)(?:个|几个|两个|俩|三个|四个|种|样的|句)?(?:词儿?|字|词语|说法|话|名字|称呼|标签|提法|广告语|口号)|形容词|等?字样|(?:两|二|三|四|俩)个?字|一词)$/u;
// Who or where before the phrase: "请问：我们在直播间" + "纯天然能说吗".
const zhLeading =
  /^(?:请问|问一下|问下|我?想问一?下?)?[:：\s]*(?:我们?|咱们?|俺|主播)?(?:在[^，,。]{1,8}?(?:里|上|中|时))?/u;
// A last clause that only asks ("…，行不行？会不会被封？"): it belongs to the clause before.
const zhAskingClauses = new RegExp(
  `[，,。；;！!？?\\s]+((?:(?:${zhOkTail}|${zhRuleTail}|${zhWordTail})[\\s?？!！。.~～…]*)+)$`,
  'u',
);

// ── English ──────────────────────────────────────────────────────────────────────────────────────────────
const enSayVerb =
  'say|shout|claim|state|advertise|write|tell (?:viewers|customers|buyers|people|fans|the audience|my viewers|my customers|my fans)(?: that)?';
const enWeakVerb = 'use|call|mention|put|print|label|describe|promote';
const enVerbs = `(?:(${enSayVerb})|(${enWeakVerb}))`;
const enReaders: Array<{ regexp: RegExp; phrase: number; verb?: number; weak?: number; sure?: boolean }> = [
  {
    // can I say …, may we claim …, should I write …
    regexp: new RegExp(
      `\\b(?:can|could|may|should)\\s+(?:i|we)\\s+(?:still\\s+|also\\s+|really\\s+)?${enVerbs}\\b(.*)$`,
      'iu',
    ),
    verb: 1,
    weak: 2,
    phrase: 3,
  },
  {
    // is it ok to say …, would it be legal for us to claim …, is it fine if I call …
    regexp: new RegExp(
      `\\b(?:is|would)\\s+it\\s+(?:be\\s+)?(?:ok|okay|fine|legal|allowed|alright|all right|safe|acceptable|a problem|against the rules)\\s+(?:for\\s+(?:me|us)\\s+)?(?:to|if\\s+(?:i|we))\\s+${enVerbs}\\b(.*)$`,
      'iu',
    ),
    verb: 1,
    weak: 2,
    phrase: 3,
  },
  {
    // am I allowed to say …
    regexp: new RegExp(`\\b(?:am\\s+i|are\\s+we)\\s+(?:still\\s+)?allowed\\s+to\\s+${enVerbs}\\b(.*)$`, 'iu'),
    verb: 1,
    weak: 2,
    phrase: 3,
  },
  {
    // would saying … get me banned
    regexp:
      /\b(?:would|will|could|can|does|do|might)\s+(.+?)\s+get\s+(?:me|us|my\s+\w+|our\s+\w+|the\s+\w+)\s+(?:banned|blocked|flagged|restricted|penali[sz]ed|shut down|suspended|limited|punished|fined)\b/iu,
    phrase: 1,
  },
  {
    // is … a banned word
    regexp:
      /\bis\s+(.+?)\s+(?:an?\s+)?(?:banned|forbidden|prohibited|sensitive|restricted|illegal|absolute)\s+(?:word|term|phrase|expression|claim)s?\b/iu,
    phrase: 1,
    sure: true,
  },
  {
    // is … against the rules, is saying … allowed
    regexp:
      /\b(?:is|are)\s+(.+?)\s+(?:against the rules|allowed|ok|okay|legal|illegal|a violation|banned|forbidden|prohibited)\b/iu,
    phrase: 1,
  },
];
// "saying X", "to claim X": the gerund or infinitive that makes a phrase a wording.
const enGerund =
  /^(?:(?:to\s+)?(?:say|claim|write|state|advertise)|saying|claiming|writing|stating|advertising)\s+/iu;
const enWeakGerund =
  /^(?:(?:to\s+)?(?:use|call|mention|put|label)|using|calling|mentioning|putting|labelling|labeling)\s+/iu;
const enWordMarker = /^(?:the\s+)?(?:word|words|term|terms|phrase|phrases|expression|claim)\s+/iu;
const enTrailing =
  /(?:\s+(?:on|in|during|at|for)\s+(?:the\s+|my\s+|our\s+|a\s+|an\s+)?(?:live ?streams?|streams?|lives?|live rooms?|videos?|captions?|titles?|posts?|ads?|douyin|kuaishou|xiaohongshu|wechat channels|channels|packaging|packages?|labels?|product pages?|shop|store)\b.*)?(?:\s+(?:or not|anymore|at all|then))?[\s?!.…]*$/iu;

// ── Both ─────────────────────────────────────────────────────────────────────────────────────────────────
// Quoted text: “…”, 「…」, 『…』, ‘…’, "…", and '…' that is not an apostrophe (it's, can't).
const quotes =
  /“([^“”\n]+)”|「([^「」\n]+)」|『([^『』\n]+)』|‘([^‘’\n]+)’|"([^"\n]+)"|(?<![A-Za-z0-9])'([^'\n]+)'(?![A-Za-z0-9])/gu;
// A phrase that points elsewhere, asks something else, or names a kind of text rather than a wording.
const notAPhrase =
  /^(?:(?:这|那)(?:个|些|样|种|句|么|段|俩|两个|几个)?(?:话|说法|词|字|样说|行为|做法|写法|句话)?|它|it|this|that|these|those|them|so|something like (?:this|that)|things like (?:this|that))$/iu;
const asksSomethingElse =
  /什么|啥|哪些|哪个|哪种|怎么|怎样|如何|为什么|为啥|多少|几句|几个|\b(?:what|which|how|why|when|where|who)\b/iu;
const kindOfText =
  /^(?:一?(?:篇|段|条|个|句))?(?:文案|脚本|笔记|简介|标题|评价|评论|好评|作文|小作文|话术|广告|广告词|口播稿|稿子|直播脚本|商品标题)$|^(?:a |an |the |my |our )?(?:caption|captions|script|scripts|post|posts|review|reviews|description|title|titles|bio|copy|ad|ads)$/iu;
// Any wording that asks what may be said, however the phrase is put: enough for a "breaks" verdict when the
// rules flag the question, though not for a "fine" one.
const asksLoosely =
  /(能|可以|可|能不能|可不可以|让不让|允许|准不准)(说|讲|写|用|提|宣传|喊|标|打|叫)|算(不算)?违规|违规(吗|不|没|么)|违不违规|合规(吗|不|么)|犯规(吗|不)|犯不犯法|会不会被(封|限流|处罚|罚)|(极限词|违禁词|敏感词)(吗|么)|\b(can|may|could|should)\s+(i|we)\s+(say|write|use|claim|call|mention|put|advertise)\b|\ballowed to (say|write|use|claim|call)\b|\b(is|are)\s+(it|this|that|these|those)\s+(allowed|ok|okay|legal|banned|a violation)\b|\bagainst the rules\b|\b(banned|forbidden) (word|term|phrase)\b/iu;

/**
 * Makes the verdict for a question: undefined unless the question asks whether something may be said (and,
 * for a "fine", surely names the phrase). Each flagged phrase is quoted as ❌"…"❌ (the knowledge base's mark
 * for a bad example, which the compliance rewrite leaves alone) with the rule's reason and source, whose own
 * examples of what the rules forbid are marked the same way: the note passes the checker as it is.
 */
export function createMayISay(
  checker: ComplianceChecker,
): (question: string, language: Language) => MayISay | undefined {
  // A rule's reason and source are the same every time: marked once per rule and language.
  const marked = new Map<string, string>();
  const markedOnce = (key: string, text: string, language: Language) => {
    let result = marked.get(key);
    if (result === undefined) {
      result = markBadExamples(checker, text, language);
      marked.set(key, result);
    }
    return result;
  };
  return (question, language) => {
    const asked = read(question);
    const loose = !asked && asksLoosely.test(question);
    if (!asked && !loose) return undefined;
    const phrase = asked && usable(asked) ? asked.phrase : minusAsking(question);
    const violations = findViolations(
      checker,
      question,
      asked && usable(asked) ? asked : undefined,
      language,
    );
    const say = words[language];
    if (violations.length > 0) {
      const lines: string[] = [say.breaks];
      for (const violation of violations) {
        const reason = markedOnce(`${language}:reason:${violation.rule}`, violation.reason, language);
        lines.push(`• ❌"${violation.span.text}"❌ ${reason}`);
      }
      const instead = violations.find((violation) => violation.instead.length > 0)?.instead[0];
      if (instead) lines.push(say.instead(instead));
      // Rules of one law share its articles: each named once.
      const sources = [...new Set(violations.flatMap((violation) => sourceParts(violation.source)))].map(
        (source) => markedOnce(`source:${source}`, source, language),
      );
      lines.push(`${say.source}${sources.join(say.sourceSeparator)}`);
      lines.push(say.check);
      return { verdict: 'breaks', phrase, text: lines.join('\n') };
    }
    if (!asked?.sure || !usable(asked)) return undefined;
    const text = say.fine(asked.phrase);
    // The phrase passes alone; should it run into the note's words and trip a rule, say nothing.
    if (checker.check(text, { lang: language }).violations.length > 0) return undefined;
    return { verdict: 'fine', phrase: asked.phrase, text };
  };
}

/** Whether the phrase read is one to judge: not empty, not "这个"/"that", not "说什么", not "文案". */
function usable(asked: Asked): boolean {
  return asked.phrase.length > 0 && !notAPhrase.test(asked.phrase) && !kindOfText.test(asked.phrase);
}

/**
 * The violations to report, each rule once: those of the phrase, then those of the question that overlap
 * the phrase ("鹿茸片能说泡水喝吗": the velvet makes 泡水喝 a violation). With no phrase, the question's.
 */
function findViolations(
  checker: ComplianceChecker,
  question: string,
  asked: Asked | undefined,
  language: Language,
): ComplianceViolation[] {
  const inQuestion = checker.check(question, { lang: language }).violations;
  const found = asked
    ? [
        ...checker.check(asked.phrase, { lang: language }).violations,
        ...inQuestion.filter((violation) =>
          asked.ranges.some((range) => violation.span.start < range.end && range.start < violation.span.end),
        ),
      ]
    : inQuestion;
  const seen = new Set<string>();
  return found.filter((violation) => {
    if (seen.has(violation.rule)) return false;
    seen.add(violation.rule);
    return true;
  });
}

/** The phrase a question asks about, or undefined when it does not ask whether something may be said. */
function read(question: string): Asked | undefined {
  const everyQuote = quotesIn(question, 0);
  // The readers see quoted text as placeholders of the same length: a quote may hold any punctuation or
  // asking word ("说'原价598，今天只要198'可以吗"), and offsets stay those of the question.
  let masked = question;
  for (const { start, end } of everyQuote)
    masked = masked.slice(0, start) + '\uE000'.repeat(end - start) + masked.slice(end);
  // "说'最后三天'催单，行不行？": the asking clause joins the clause it asks about.
  masked = masked.replace(zhAskingClauses, '$1');
  const found = readZh(masked) ?? readEn(masked);
  if (!found) return undefined;
  // Quotes inside the phrase are the phrase: "能用'纯天然'这个词吗" asks about 纯天然. One that is part of a
  // longer quote stands for it: in "说'第一次直播有点紧张'，带个'第一'会违规吗" the line is asked about.
  const phrase = question.slice(found.start, found.end);
  const inPhrase = everyQuote.filter((quote) => quote.start >= found.start && quote.end <= found.end);
  if (inPhrase.length > 0) return fromQuotes(widened(inPhrase, everyQuote));
  // A phrase that points elsewhere ("这种行为是否合法") means the quotes elsewhere in the question.
  if ((phrase.length === 0 || notAPhrase.test(phrase)) && everyQuote.length > 0)
    return fromQuotes(widened(everyQuote, everyQuote));
  return {
    phrase,
    ranges: [{ start: found.start, end: found.end }],
    sure: found.sure && !asksSomethingElse.test(phrase),
  };
}

interface Found {
  start: number;
  end: number;
  sure: boolean;
}

/** Each quote, or the longer quote that holds its text; each once. */
function widened(
  quoted: Array<{ text: string; start: number; end: number }>,
  all: Array<{ text: string; start: number; end: number }>,
): Array<{ text: string; start: number; end: number }> {
  const chosen = quoted.map(
    (quote) =>
      all.find((other) => other.text.length > quote.text.length && other.text.includes(quote.text)) ?? quote,
  );
  return chosen.filter((quote, i) => chosen.indexOf(quote) === i);
}

function fromQuotes(quoted: Array<{ text: string; start: number; end: number }>): Asked {
  return {
    phrase: quoted.map((quote) => quote.text).join('、'),
    ranges: quoted.map(({ start, end }) => ({ start, end })),
    sure: true,
  };
}

function quotesIn(text: string, offset: number): Array<{ text: string; start: number; end: number }> {
  const found: Array<{ text: string; start: number; end: number }> = [];
  for (const match of text.matchAll(quotes)) {
    const inner = match.slice(1).find((group) => group !== undefined) ?? '';
    const start = offset + match.index + 1;
    const trimmed = inner.trim();
    if (trimmed) found.push({ text: trimmed, start, end: start + inner.length });
  }
  return found;
}

/** Where `inner` (the phrase, trimmed of what a reader cut) stands in the question, `whole` starting at `base`. */
function narrowed(base: number, whole: string, inner: string, sure: boolean): Found {
  const at = Math.max(0, whole.indexOf(inner));
  return { start: base + at, end: base + at + inner.length, sure };
}

function readZh(question: string): Found | undefined {
  const modal = zhModalVerb.exec(question);
  if (modal) {
    const [, modalWord, strong, weak, rest = ''] = modal;
    const restStart = modal.index + modal[0].length - rest.length;
    const clause = rest.split(/[，,。；;！!？?\n]/u)[0] ?? '';
    const before = question.slice(0, modal.index);
    const interrogative =
      new RegExp(`^(?:${zhAskingModal})$`, 'u').test(modalWord ?? '') ||
      zhAskingBefore.test(before.split(/[，,。；;！!？?\n]/u).at(-1) ?? '');
    const tailed = zhHasTail.test(rest.split(/[，,。；;！!\n]/u)[0] ?? '');
    if (interrogative || tailed) {
      let phrase = clause.replace(zhTrailing, '').trim();
      let phraseStart = restStart + clause.indexOf(phrase);
      if (phrase.length === 0) {
        // "纯天然能说吗": the phrase comes before the question.
        const lastClause = before.split(/[，,。；;！!？?\n]/u).at(-1) ?? '';
        const cut = lastClause.replace(zhLeading, '').replace(/(?:是不是|是否)$/u, '');
        phrase = cut.trim();
        phraseStart = modal.index - lastClause.length + lastClause.indexOf(phrase);
      }
      const named = zhWordMarker.test(phrase);
      if (named) phrase = phrase.replace(zhWordMarker, '').trim();
      // A weak verb ("能用…吗") asks about a word only when the word is named as one ("…这个词").
      const sure = Boolean(strong) || (Boolean(weak) && named);
      return { start: phraseStart, end: phraseStart + phrase.length, sure };
    }
  }
  const verbTail = zhVerbTail.exec(question);
  if (verbTail) {
    const [, strong, , body = '', tail = ''] = verbTail;
    const bodyStart = verbTail.index + verbTail[0].indexOf(body, (strong ?? verbTail[2] ?? '').length);
    let phrase = body.trim();
    const named = zhWordMarker.test(phrase);
    if (named) phrase = phrase.replace(zhWordMarker, '').trim();
    const wordTail = new RegExp(`^(?:${zhWordTail})$`, 'u').test(tail);
    return narrowed(bodyStart, body, phrase, Boolean(strong) || named || wordTail);
  }
  const phraseTail = zhPhraseTail.exec(question);
  if (phraseTail) {
    const [, body = '', tail = ''] = phraseTail;
    let phrase = body.replace(zhLeading, '').trim();
    const named = zhWordMarker.test(phrase);
    if (named) phrase = phrase.replace(zhWordMarker, '').trim();
    const wordTail = new RegExp(`^(?:${zhWordTail})$`, 'u').test(tail);
    // "全网最低价行不行" is about a phrase only when it is quoted or named a word: a "breaks" at most.
    return narrowed(phraseTail.index, body, phrase, wordTail || named);
  }
  return undefined;
}

function readEn(question: string): Found | undefined {
  for (const reader of enReaders) {
    const match = reader.regexp.exec(question);
    if (!match) continue;
    const body = match[reader.phrase] ?? '';
    const bodyStart = match.index + match[0].lastIndexOf(body);
    let phrase = body.replace(enTrailing, '').trim();
    let sure = reader.sure === true || (reader.verb !== undefined && match[reader.verb] !== undefined);
    if (enWordMarker.test(phrase)) {
      phrase = phrase.replace(enWordMarker, '');
      sure = true;
    }
    if (reader.verb === undefined) {
      // "would saying X get me banned", "is using X allowed": the gerund says whether X is a wording.
      if (enGerund.test(phrase)) {
        phrase = phrase.replace(enGerund, '');
        sure = true;
      } else phrase = phrase.replace(enWeakGerund, '');
      if (enWordMarker.test(phrase)) {
        phrase = phrase.replace(enWordMarker, '');
        sure = true;
      }
    }
    phrase = phrase.replace(/^that\s+/iu, '').trim();
    // "What can I say about deer blood?" asks for lines, not about a phrase.
    if (asksSomethingElse.test(question.slice(0, match.index))) sure = false;
    return narrowed(bodyStart, body, phrase, sure);
  }
  return undefined;
}

/** The question without its asking words: the phrase when none could be read. */
function minusAsking(question: string): string {
  return question
    .replace(quotes, (_, ...groups: unknown[]) =>
      String(groups.slice(0, 6).find((g) => g !== undefined) ?? ''),
    )
    .replace(new RegExp(`(?<![你您])(?:${zhModal})${zhVia}(?:${zhSayVerb}|${zhWeakVerb})`, 'gu'), '')
    .replace(new RegExp(`(?:${zhOkTail}|${zhRuleTail}|${zhWordTail})`, 'gu'), '')
    .replace(
      /\b(?:(?:can|could|may|should)\s+(?:i|we)\s+\w+|(?:is|would)\s+it\s+(?:be\s+)?\w+\s+to\s+\w+|(?:am\s+i|are\s+we)\s+allowed\s+to\s+\w+|(?:is|are)\s+(?:it|this|that|these|those)\s+(?:allowed|ok|okay|legal|banned|a violation)|against the rules)\b/giu,
      '',
    )
    .replace(/^[\s,，。.?？!！:：]+|[\s,，。.?？!！:：吗么]+$/gu, '')
    .trim();
}

/** A rule's `source` split into the laws and rules it names: at each ；or "; " outside brackets. */
function sourceParts(source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < source.length; i += 1) {
    const char = source[i];
    if (char === '（' || char === '(') depth += 1;
    else if ((char === '）' || char === ')') && depth > 0) depth -= 1;
    else if (depth === 0 && (char === '；' || (char === ';' && source[i + 1] === ' '))) {
      parts.push(source.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(source.slice(from));
  return parts.map((part) => part.trim()).filter(Boolean);
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
    // A span that ends inside a Latin word ("heal any" of "heal anything") is marked to the word's end.
    let end = span.end;
    while (/[a-z]/i.test(text.charAt(end)) && /[a-z]/i.test(text.charAt(end - 1))) end++;
    marked += `${text.slice(at, span.start)}❌${text.slice(span.start, end)}❌`;
    at = end;
  }
  // A quoted list the marks now cover end to end needs its quotes no more ("❌降血压❌、❌降血糖❌" →
  // ❌降血压❌、❌降血糖❌), and two marked phrases side by side are one: ❌壮阳❌❌补肾❌ → ❌壮阳补肾❌.
  return (marked + text.slice(at)).replace(/["“「](❌[^"“”「」]*❌)["”」]/gu, '$1').replaceAll('❌❌', '');
}
