/**
 * @module Reading a question before searching: what it asks for (its intent), which platforms and products
 * it names, and the words that carry the ask. Retrieval ranks by all of it, coverage is decided on the ask
 * words alone ("抖音小店怎么开发票" is about 开发票, whatever 抖音 matches), and the offline answer leads with
 * the sentence that fits the intent. A follow-up ("那快手呢？") re-asks the previous question with what
 * changed swapped in.
 */
import type { Tokenizer } from '../retrieval/tokenizer.ts';
import { normalizeText } from '../retrieval/tokenizer.ts';
import type { Intent, QuestionWords } from './question-words.ts';

/** A product a question names. */
export interface NamedProduct {
  id: string;
  deer: boolean;
}

/** What a question asks, as {@link QuestionReader} reads it. */
export interface Understood {
  /** The question as searched (normalised): the user's words, or for a follow-up the previous question re-asked. */
  text: string;
  intent: Intent;
  /** For a how-much question: a time (多久, how long) or an amount (多少, how much). */
  measure?: 'time' | 'amount';
  /** Platform ids the question names (douyin, kuaishou, channels, xiaohongshu, taobao …). */
  platforms: string[];
  products: NamedProduct[];
  /** The words that carry the ask: the question's words without platform and product names, cue and filler words. */
  askWords: string[];
  /** The question without the names of the platforms and products it names (what synonyms expand). */
  askText: string;
  /** Words of the topic the question is about, beyond its own (`topics` in question-words.yaml). */
  topicWords?: string[];
  /** The previous question, when this one follows it up. */
  followUpOf?: string;
}

/** Reads questions; see {@link createQuestionReader}. */
export interface QuestionReader {
  /** Reads a question on its own. */
  read(question: string): Understood;
  /**
   * Reads a question in view of the previous one (asked recently). A follow-up — "那快手呢？", "what about
   * honey?", "为什么？", a question with no ask of its own — is the previous question with what it names
   * swapped in; anything else is read on its own.
   */
  readAfter(question: string, previous: string): Understood;
}

/** A name to look for: as written (normalised), and whether it must stand as a whole word. */
interface Name {
  text: string;
  latin: boolean;
}

interface Slot {
  kind: 'platform' | 'product' | 'track';
  id: string;
  deer?: boolean;
  /** Names taken out of the question before its ask words are found. */
  strip: Name[];
  /** Every name that recognises it (longest first). */
  all: Name[];
}

const latinName = /^[\p{Script=Latin}\d+ .&-]+$/u;

function nameOf(text: string): Name {
  const normalized = normalizeText(text).trim();
  return { text: normalized, latin: latinName.test(normalized) };
}

const byLength = (a: Name, b: Name) => b.text.length - a.text.length;

/** Where `name` stands in `text`, or -1 (a Latin name only as a whole word). */
function find(text: string, name: Name, from = 0): number {
  for (let at = text.indexOf(name.text, from); at !== -1; at = text.indexOf(name.text, at + 1)) {
    if (!name.latin) return at;
    const before = text.charAt(at - 1);
    const after = text.charAt(at + name.text.length);
    if (!/[a-z0-9]/.test(before) && !/[a-z0-9]/.test(after)) return at;
  }
  return -1;
}

/** Follow-up openings and endings: "那…呢", "还有…", "what about …". */
const followUpShape =
  /^(那|那么|那如果|还有|另外|如果|要是|换成|改成|同样|也|and\b|what about\b|how about\b|and for\b|same for\b|what if\b)|(呢|的话|也是吗|也一样吗|也行吗|也可以吗)[？?。!！]*$/u;
/** Words that point back at the previous question: "快手有类似的工具吗？", "does it work on Kuaishou too?". */
const pointsBack =
  /类似|同样的|一样的|这种|这类|这个|那个|这样|那样|也要|也得|也需要|也能|也可以|\b(similar|the same|that|this one|it|too|also)\b/u;
const followUpTrim =
  /^(那么|那如果|那|还有|另外|换成|改成|and for|and|what about|how about|same for)\s*|(呢|的话)?[？?。!！\s]*$/gu;

const singleHan = /^\p{Script=Han}$/u;
const digits = /^[\d.]+$/;

/** Builds a reader from the question-words file; `tokenizer` splits the words. */
export function createQuestionReader(words: QuestionWords, tokenizer: Tokenizer): QuestionReader {
  const intentRules = words.intents.map((rule) => ({
    ...rule,
    regexps: rule.patterns.map((pattern) => new RegExp(pattern, 'iu')),
  }));
  const slots: Slot[] = [
    ...words.platforms.map((p) => ({
      kind: 'platform' as const,
      id: p.id,
      strip: p.names.map(nameOf).sort(byLength),
      all: [...p.names, ...p.also].map(nameOf).sort(byLength),
    })),
    ...words.products.map((p) => ({
      kind: 'product' as const,
      id: p.id,
      deer: p.deer,
      strip: p.names.map(nameOf).sort(byLength),
      all: p.names.map(nameOf).sort(byLength),
    })),
    ...words.tracks.map((t) => ({
      kind: 'track' as const,
      id: t.id,
      strip: [],
      all: t.names.map(nameOf).sort(byLength),
    })),
  ];
  const allNames = slots
    .flatMap((slot) => slot.all.map((name) => ({ slot, name })))
    .sort((a, b) => byLength(a.name, b.name));
  const strippable = slots.flatMap((slot) => slot.strip).sort(byLength);
  const keptNames = words.platforms.flatMap((platform) => platform.also.map(nameOf));
  // A kept compound name still yields its platform's name as a word ("抖音小店" → 抖音): not an ask word.
  const stripWords = new Set(strippable.map((name) => name.text));
  const generic = new Set(
    [...words.generic.zh, ...words.generic.en].flatMap((word) => [
      normalizeText(word),
      ...tokenizer.words(word),
    ]),
  );

  /** The slots a text names, each once, in the order they first appear; longer names win overlaps. */
  function slotsIn(text: string): Array<{ slot: Slot; at: number; name: Name }> {
    const taken: Array<[number, number]> = [];
    const found: Array<{ slot: Slot; at: number; name: Name }> = [];
    for (const { slot, name } of allNames) {
      for (let at = find(text, name); at !== -1; at = find(text, name, at + 1)) {
        const end = at + name.text.length;
        if (taken.some(([start, stop]) => at < stop && end > start)) continue;
        taken.push([at, end]);
        if (!found.some((f) => f.slot === slot)) found.push({ slot, at, name });
      }
    }
    return found.sort((a, b) => a.at - b.at);
  }

  function intentOf(text: string): { intent: Intent; measure?: 'time' | 'amount' } {
    for (const rule of intentRules) {
      if (rule.regexps.some((regexp) => regexp.test(text)))
        return { intent: rule.intent, measure: rule.measure };
    }
    return { intent: 'other' };
  }

  /**
   * The text without the platform and product names it mentions, except inside a longer name that means a
   * thing of its own ("抖音小店", "Douyin store": the shop).
   */
  function withoutNames(text: string): string {
    const kept = keptNames.flatMap((name) => {
      const spans: Array<[number, number]> = [];
      for (let at = find(text, name); at !== -1; at = find(text, name, at + 1))
        spans.push([at, at + name.text.length]);
      return spans;
    });
    const inKept = (at: number, end: number) => kept.some(([start, stop]) => at >= start && end <= stop);
    const cut = new Array<boolean>(text.length).fill(false);
    for (const name of strippable) {
      for (let at = find(text, name); at !== -1; at = find(text, name, at + 1)) {
        const end = at + name.text.length;
        if (!inKept(at, end)) cut.fill(true, at, end);
      }
    }
    return [...text].map((char, i) => (cut[i] ? ' ' : char)).join('');
  }

  /**
   * The words that carry the ask: those of the question without the names, else (a question about the
   * platforms themselves: "抖音和快手哪个好") those of the whole question; multi-character words first.
   */
  function askWordsOf(text: string, stripped: string): string[] {
    const wordsOf = (part: string) =>
      tokenizer.words(part).filter((word) => !generic.has(word) && !digits.test(word));
    const informative = (words: string[]) => words.filter((word) => !singleHan.test(word));
    const own = wordsOf(stripped).filter((word) => !stripWords.has(word));
    const chosen = informative(own).length > 0 ? informative(own) : informative(wordsOf(text));
    return [...new Set(chosen.length > 0 ? chosen : own)];
  }

  function read(question: string): Understood {
    const text = normalizeText(question).trim();
    const named = slotsIn(text);
    const askText = withoutNames(text);
    const intent = intentOf(text);
    const platforms = named.filter((n) => n.slot.kind === 'platform').map((n) => n.slot.id);
    const topicWords = words.topics
      .filter((topic) => topic.intent === intent.intent && platforms.length >= topic.platforms)
      .flatMap((topic) => topic.words);
    return {
      text,
      ...intent,
      ...(topicWords.length > 0 ? { topicWords } : {}),
      platforms,
      products: named
        .filter((n) => n.slot.kind === 'product')
        .map((n) => ({ id: n.slot.id, deer: n.slot.deer ?? false })),
      askWords: askWordsOf(text, askText),
      askText,
    };
  }

  /**
   * `previous` with the slots `current` names swapped in: each kind replaced, or added when `previous` names
   * none of that kind or several (a comparison keeps its platforms and gains the new one).
   */
  function substitute(previous: string, current: string): string {
    let text = previous;
    const before = slotsIn(previous);
    for (const { slot, name } of slotsIn(current)) {
      const same = before.filter((b) => b.slot.kind === slot.kind);
      if (same.some((b) => b.slot === slot)) continue;
      const old = same.length === 1 ? same[0]! : undefined;
      // In a compound name ("douyin shop", "抖音小店") only the platform's own name is swapped.
      const inner = old?.slot.strip.find((strip) => find(old.name.text, strip) !== -1);
      const replaced = inner ?? old?.name;
      const at = replaced ? find(text, replaced) : -1;
      text =
        replaced && at !== -1
          ? `${text.slice(0, at)}${name.text}${text.slice(at + replaced.text.length)}`
          : `${name.text} ${text}`;
    }
    return text;
  }

  /** Whether `own` (read on its own) follows up the previous question rather than asking afresh. */
  function followsUp(own: Understood): boolean {
    if (own.text.length > 40) return false;
    return own.askWords.length === 0 || followUpShape.test(own.text) || pointsBack.test(own.text);
  }

  return {
    read,
    readAfter(question, previous) {
      const own = read(question);
      if (!followsUp(own)) return own;
      const earlier = read(previous);
      // What is left of the follow-up once its opening, ending and names are gone.
      let rest = own.text.replace(followUpTrim, '');
      for (const { name } of slotsIn(rest)) rest = rest.replace(name.text, ' ');
      rest = rest.trim();
      const base = substitute(earlier.text, own.text);
      // With no ask of its own ("那快手呢？", "为什么？") the previous question is re-asked; otherwise the new
      // words join it ("那新号呢？"), and whether the knowledge base answers is judged on both asks.
      const ownAsk = rest ? read(rest).askWords.filter((word) => !slotsIn(word).length) : [];
      const resolved = read(rest && (ownAsk.length > 0 || own.intent !== 'other') ? `${base} ${rest}` : base);
      const keep = own.intent === 'other' ? earlier : own;
      return {
        ...resolved,
        // The platform or product the follow-up names is the one it asks about.
        platforms: own.platforms.length > 0 ? own.platforms : resolved.platforms,
        products: own.products.length > 0 ? own.products : resolved.products,
        intent: keep.intent,
        measure: keep.measure,
        // "那新号呢？" asks the previous question of a new account: both asks count.
        askWords: [...new Set([...ownAsk, ...earlier.askWords])],
        followUpOf: previous,
      };
    },
  };
}
