/**
 * @module Answering without a model: the sentence of the knowledge base that answers the question first,
 * then a few supporting lines from the same section, cited.
 *
 * Extractive on purpose: every sentence is the knowledge base's own, so the offline bot cannot invent a
 * rule or a number.
 */
import type { OfflineAnswer, Passage } from '../core/grounding.ts';
import { phrases } from '../core/phrases.ts';
import type { Citation, Language } from '../core/turn.ts';
import type { Understood } from '../understanding/reader.ts';
import { sectionKind } from './sections.ts';
import type { Tokenizer } from './tokenizer.ts';

/** How much an offline answer may quote, in characters. */
const budget = { zh: 600, en: 1_100 };

/** How much the best lesson's summary line counts beyond its words (see {@link composeOfflineAnswer}). */
const summaryBonus = 0.3;

/** How much less each lower-ranked source's lines count when the lead is chosen. */
const sourceDecay = 0.2;

/** Supporting lines after the leading one. */
const supportCount = { min: 3, max: 4 };

/** What {@link composeOfflineAnswer} needs. */
export interface ComposeOptions {
  understood: Understood;
  /** Ranked passages, best first. */
  passages: readonly Passage[];
  language: Language;
  tokenizer: Tokenizer;
  /** How much a word says (its idf in the knowledge base). */
  weight: (word: string) => number;
  /** Words the knowledge base uses for the same thing (glossary aliases, synonyms). */
  related?: (word: string) => readonly string[];
  /** The asker's platforms: their lines come first. */
  platforms?: readonly string[];
  /** Every passage of a lesson (its sections), for supporting lines beyond the retrieved ones. */
  lessonPassages?: (lessonId: string) => readonly Passage[];
  /** How passages are split into lines ({@link createLineReader}; default: afresh each time, no platforms). */
  lines?: LineReader;
}

/** A passage's quotable lines, with their words, and all the passage's words. */
export interface ReadPassage {
  lines: ReadonlyArray<Pick<Line, 'text' | 'step' | 'words' | 'bigrams' | 'platforms'>>;
  words: ReadonlySet<string>;
}

/** Splits a passage's text into quotable lines with their words. */
export type LineReader = (text: string) => ReadPassage;

/**
 * A line reader that remembers each text it read: the knowledge base's passages never change, and every
 * offline answer reads the same few hundred of them.
 */
export function createLineReader(
  tokenizer: Tokenizer,
  platformsOf: (text: string) => readonly string[] = () => [],
): LineReader {
  // The platforms a line names, and the one its first few characters name (a list item about it).
  const platformsIn = (text: string): Line['platforms'] => {
    const named = platformsOf(text);
    const opening = platformsOf(text.slice(0, 8))[0];
    return opening ? { named, opening } : { named };
  };
  const read = new Map<string, ReadPassage>();
  return (text) => {
    let passage = read.get(text);
    if (!passage) {
      passage = {
        lines: linesOf(text).map((raw) => {
          const quoted = clean(raw);
          return {
            text: quoted,
            step: /^\d+[.、)]/.test(raw),
            words: new Set(tokenizer.words(raw)),
            bigrams: new Set(tokenizer.bigrams(raw)),
            platforms: platformsIn(quoted),
          };
        }),
        words: new Set(tokenizer.words(text)),
      };
      read.set(text, passage);
    }
    return passage;
  };
}

/** A quotable line of a passage. */
interface Line {
  text: string;
  /** Its place in the passage. */
  at: number;
  /** Whether it is a numbered step. */
  step: boolean;
  /** Whether it is part of a lesson's overview: its summary, and why the lesson matters. */
  overview: boolean;
  /** Whether it is the lesson's one-sentence summary (the first line of its overview). */
  summary: boolean;
  /** Whether it is one of the lesson's common mistakes. */
  mistake: boolean;
  words: ReadonlySet<string>;
  bigrams: ReadonlySet<string>;
  /** The platforms it names, and whether the first it names opens the line (a list item about it). */
  platforms: { named: readonly string[]; opening?: string };
}

/** Lines a passage is made of: list items and sentences, without the breadcrumb line. */
export function linesOf(text: string): string[] {
  return text
    .split('\n')
    .slice(1)
    .flatMap((line) => {
      const trimmed = line.trim();
      if (!trimmed || /^#{1,6}\s/.test(trimmed) || /^\|/.test(trimmed) || /^[-*]\s*\[[ x]\]/.test(trimmed))
        return [];
      if (/^([-*•]|\d+[.、)])\s*/.test(trimmed) || trimmed.length < 120) return [trimmed];
      return (
        trimmed
          .match(/(?:❌[^❌]*❌|[^。！？!?❌])+[。！？!?]*|❌|[^.]+\.(\s|$)/gu)
          ?.map((s) => s.trim()) ?? [trimmed]
      );
    })
    .filter((line) => line.replace(/[-*•\d.、)\s]/g, '').length > 4);
}

/** A line as quoted: no list mark, no bold, links as their titles. */
function clean(line: string): string {
  return line
    .replace(/^([-*•]|\d+[.、)])\s*/, '')
    .replace(/\*\*/g, '')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .trim();
}

/** What makes a line fit an intent, beyond its words. */
const intentCues: Partial<Record<Understood['intent'], RegExp>> = {
  'can-i-say':
    /不能|不得|禁止|不要|别|违规|违法|处罚|❌|can't|cannot|must not|don't|banned|not allowed|fine/i,
  why: /因为|所以|原因|为的是|是为了|才会|because|so that|reason|which is why|means/i,
  situation: /[“"「].+[”"」]|✅/,
  comparison: /适合|比|更|而|suits?|better|more|whereas|while/i,
};

const timeAmount =
  /\d+\s*(到|-|~|至)?\s*\d*\s*(小时|分钟|秒|天|周|个月|hours?|minutes?|seconds?|days?|weeks?|months?)/iu;
const anyAmount = /\d|[一二两三四五六七八九十百千万半]+(小时|分钟|秒|天|周|个月|元|块|万|成|倍|条|次|场|个)/u;
const asksForExample = /例子|举例|示例|案例|比如说|example|for instance|case study/i;
const asksAboutMistakes = /错误|误区|坑|犯错|常犯|错在|mistake|wrong|pitfall/i;

/**
 * Composes the answer: the line that best matches the ask and the intent leads; then up to four supporting
 * lines of its lesson, from its own section first, in reading order; then, if they answer nearly as well, the
 * best lines of the next source. Glossary entries lead only for "what is …?"; worked examples only for the
 * asker's kind of product or when an example was asked for.
 */
export function composeOfflineAnswer({
  understood,
  passages,
  language,
  tokenizer,
  weight,
  related = () => [],
  platforms = [],
  lessonPassages = () => [],
  lines: read = createLineReader(tokenizer),
}: ComposeOptions): { text: string; citations: Citation[] } {
  const eligible = passages.filter((passage) => usable(passage, understood));
  const sources = [...(eligible.length > 0 ? eligible : passages).slice(0, 3)];
  if (sources.length === 0) return { text: '', citations: [] };

  const alternatives = new Map(understood.askWords.map((word) => [word, [word, ...related(word)]]));
  const askBigrams = new Set(tokenizer.bigrams(understood.askText));
  const linesOfPassage = (passage: Passage, order: number): Line[] =>
    read(passage.text).lines.map((line, at) => ({
      ...line,
      at: order * 1_000 + at,
      overview: sectionKind(passage.section) === 'overview',
      summary: sectionKind(passage.section) === 'overview' && at === 0,
      mistake: sectionKind(passage.section) === 'mistakes',
    }));
  // The ask words the sources hold at all: a word none of them has tells no line from another.
  const sourceTexts = [...sources, ...sources.flatMap((passage) => lessonPassages(passage.lessonId))].map(
    (passage) => read(passage.text).words,
  );
  const held = (form: string) => sourceTexts.some((words) => words.has(form));
  let askWeight = 0;
  for (const [word, forms] of alternatives) if (forms.some(held)) askWeight += weight(word);
  // A line scores the share of the ask it holds (its words or their synonyms, by idf), a little for
  // sharing the question's character pairs (a word split differently), and its fit to the intent.
  const score = (line: Line) => {
    let matched = 0;
    for (const [word, forms] of alternatives)
      if (forms.some((form) => line.words.has(form))) matched += weight(word);
    const ask = askWeight > 0 ? matched / askWeight : 0;
    let shared = 0;
    for (const pair of askBigrams) if (line.bigrams.has(pair)) shared++;
    let total = ask + (askBigrams.size > 0 ? (0.3 * shared) / askBigrams.size : 0);
    total += intentBonus(line, understood) * (ask > 0 ? 1 : 0.5);
    // The asker's platform: a line about it (a list item that starts with its name most of all) comes first.
    const { named, opening } = line.platforms;
    if (named.some((id) => platforms.includes(id))) total += opening === platforms[0] ? 0.3 : 0.2;
    else if (named.length > 0 && platforms.length > 0) total -= 0.1;
    return total;
  };

  // The leading line: the best of all sources, a source's rank counting a little. The best lesson's
  // one-sentence summary is a candidate too: it answers a question about the lesson's topic as a whole.
  const overview = lessonPassages(sources[0]!.lessonId).find(
    (passage) => sectionKind(passage.section) === 'overview' && passage.text !== sources[0]!.text,
  );
  if (overview && sources[0]!.track !== 'glossary') sources.splice(1, 0, overview);
  const scored = sources.map((passage, order) =>
    linesOfPassage(passage, order).map((line) => ({
      line,
      value:
        score(line) + (line.summary && order <= 1 && understood.intent !== 'how-much' ? summaryBonus : 0),
    })),
  );
  let lead: { source: number; line: Line; value: number } | undefined;
  // A lesson's opening paragraph says why the lesson matters (knowledge/README.md): it leads an answer to
  // "why?" only; elsewhere it would restate the problem instead of answering it.
  // Common mistakes are what not to do: they answer "why?" or a question about mistakes, not "how?".
  const mayLead = (line: Line) =>
    understood.intent === 'why' ||
    ((!line.overview || line.summary) && (!line.mistake || asksAboutMistakes.test(understood.text)));
  scored.forEach((lines, source) => {
    for (const { line, value } of lines) {
      if (!mayLead(line)) continue;
      const ranked = value * (1 - sourceDecay * source);
      if (!lead || ranked > lead.value) lead = { source, line, value: ranked };
    }
  });
  if (!lead) return { text: '', citations: [] };
  const leading = sources[lead.source]!;

  // Supporting lines: the lead's own section, then the rest of its lesson (matching lines only).
  const sameSection = scored[lead.source]!.filter(({ line }) => line !== lead!.line && mayLead(line));
  const restOfLesson = lessonPassages(leading.lessonId)
    .filter((passage) => passage.text !== leading.text && usable(passage, understood))
    .flatMap((passage, order) => linesOfPassage(passage, 10 + order))
    .filter(mayLead)
    .map((line) => ({ line, value: score(line) - 0.1 }));
  const supports = supportingLines(lead.line, sameSection, restOfLesson);

  const room = { left: budget[language] };
  const citations: Citation[] = [];
  const refOf = (passage: Passage) => {
    let at = citations.findIndex((citation) => citation.id === passage.lessonId);
    if (at === -1) {
      at = citations.length;
      citations.push({ id: passage.lessonId, title: passage.title, track: passage.track, refs: [at + 1] });
    }
    return at + 1;
  };
  const blocks = [block(leading, lead.line, supports, room, refOf)];

  // The next lesson among the sources: its best lines (its retrieved section first), when they answer
  // nearly as well.
  const next = sources.findIndex(
    (passage, source) => source !== lead!.source && passage.lessonId !== leading.lessonId,
  );
  if (next !== -1) {
    const other = sources[next]!;
    const candidates = [
      ...scored[next]!.map(({ line, value }) => ({ line, value: value + 0.1 })),
      ...lessonPassages(other.lessonId)
        .filter((passage) => passage.text !== other.text && usable(passage, understood))
        .flatMap((passage, order) => linesOfPassage(passage, 20 + order))
        .map((line) => ({ line, value: score(line) })),
    ];
    const best = candidates
      .filter(({ line, value }) => value >= lead!.value * 0.5 && value > 0.25 && !quoted(blocks, line.text))
      .sort((a, b) => b.value - a.value)
      .slice(0, leading.track === 'glossary' ? 3 : 2)
      .map(({ line }) => line)
      .sort((a, b) => a.at - b.at);
    if (best.length > 0) blocks.push(block(other, best[0]!, best.slice(1), room, refOf));
  }
  // A glossary entry for a word the question asks about supports any answer: what the word means.
  const entry = understood.intent === 'definition' ? undefined : glossaryFor(passages, understood);
  if (entry) {
    const [definition] = linesOfPassage(entry, 99);
    if (definition && !quoted(blocks, definition.text))
      blocks.push(block(entry, definition, [], room, refOf));
  }
  return { text: blocks.filter(Boolean).join('\n\n'), citations };
}

/** The glossary entry among the best passages whose term the question asks about. */
function glossaryFor(passages: readonly Passage[], understood: Understood): Passage | undefined {
  return passages
    .slice(0, 3)
    .find(
      (passage) =>
        passage.track === 'glossary' &&
        understood.askWords.some((word) => passage.section.toLowerCase().includes(word)),
    );
}

/** Whether a line is already part of the answer (overlapping chunks repeat their edges). */
function quoted(blocks: readonly string[], line: string): boolean {
  return blocks.some((block) => block.includes(line));
}

/** Whether a passage may lead or support an answer to this question. */
function usable(passage: Passage, understood: Understood): boolean {
  if (passage.track === 'glossary') return understood.intent === 'definition';
  const kind = sectionKind(passage.section);
  if (kind === 'tasks') return false;
  if (kind !== 'deer-example' && kind !== 'other-example') return true;
  if (asksForExample.test(understood.text)) return true;
  if (understood.products.length === 0) return false;
  return understood.products.some((product) => product.deer) === (kind === 'deer-example');
}

function intentBonus(line: Line, understood: Understood): number {
  switch (understood.intent) {
    case 'how-to':
      return line.step ? 0.15 : 0;
    case 'why':
      return line.overview || intentCues.why!.test(line.text) ? 0.2 : 0;
    case 'definition':
      return line.summary ? 0.1 : 0;
    case 'how-much':
      if (understood.measure === 'time') return timeAmount.test(line.text) ? 0.35 : 0;
      return anyAmount.test(line.text) ? 0.3 : 0;
    default: {
      const cue = intentCues[understood.intent];
      return cue?.test(line.text) ? 0.2 : 0;
    }
  }
}

/**
 * Three or four lines (fewer when the lesson has fewer) that support the lead: the best matching lines of its section and (matching well) of
 * the rest of its lesson, else the lines right after the lead (the next steps); in reading order.
 */
function supportingLines(
  lead: Line,
  sameSection: ReadonlyArray<{ line: Line; value: number }>,
  restOfLesson: ReadonlyArray<{ line: Line; value: number }>,
): Line[] {
  // Overlapping chunks repeat the lines at their edges: each text once, and never the lead again.
  const seen = new Set([lead.text]);
  const unseen = ({ line }: { line: Line }) => !seen.has(line.text) && Boolean(seen.add(line.text));
  const own = sameSection.filter(unseen);
  const rest = restOfLesson.filter(unseen);
  const chosen = [...own, ...rest]
    .filter(({ value }) => value > 0.2)
    .sort((a, b) => b.value - a.value)
    .slice(0, supportCount.max)
    .map(({ line }) => line);
  for (const { line } of own) {
    if (chosen.length >= supportCount.min) break;
    if (line.at > lead.at && !chosen.includes(line)) chosen.push(line);
  }
  for (const { line } of [...own, ...[...rest].sort((a, b) => b.value - a.value)]) {
    if (chosen.length >= supportCount.min) break;
    if (!chosen.includes(line)) chosen.push(line);
  }
  return chosen.sort((a, b) => a.at - b.at);
}

/** One source's part of the answer: the lead, then "• " lines, then its marker. */
function block(
  passage: Passage,
  lead: Line,
  supports: readonly Line[],
  room: { left: number },
  refOf: (passage: Passage) => number,
): string {
  if (room.left <= 0) return '';
  const parts = [lead.text];
  room.left -= lead.text.length;
  for (const line of supports) {
    if (room.left - line.text.length < 0) break;
    parts.push(`• ${line.text}`);
    room.left -= line.text.length;
  }
  return `${parts.join('\n')} [${refOf(passage)}]`;
}

/** The reply when the knowledge base does not cover a question: say so, and point at the nearest lessons. */
export function composeNotCovered(passages: readonly Passage[], language: Language): OfflineAnswer {
  const near = [
    ...new Map(
      passages
        .filter((p) => p.track !== 'glossary' && p.track !== 'tips')
        .map((p) => [p.lessonId, { id: p.lessonId, title: p.title, track: p.track }]),
    ).values(),
  ].slice(0, 3);
  const say = phrases(language);
  const list = near.length
    ? `\n\n${say.nearestLessons}\n${near.map((c, i) => `${i + 1}. ${c.title}`).join('\n')}`
    : '';
  return { text: `${say.notCovered}${list}`, citations: [], abstained: true };
}
