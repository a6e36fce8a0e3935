/**
 * @module Rewriting text so it passes, without mangling it. Each violating span is either replaced by its
 * rule's vetted safe wording (`全网最低价` → `今天直播间的价格`, `最好的` → `我们家卖得好的`), or, where no safe
 * wording exists (a health claim, velvet served as food, invented urgency), the whole clause holding it is
 * removed: cutting the words out of a claim leaves a broken sentence ("吃了能治高血压" → "吃了能治"). A clause
 * is the text between two clause marks (，。！？；\n and their half-width forms); in a clause joined by a
 * conjunction ("… and it cures high blood pressure", "…还能降血压") only the part from the conjunction goes.
 * Removals are noted at the end (`removalNotes`), so the reader knows something was taken out and why.
 */
import type { Language } from '../core/turn.ts';
import type { ComplianceCategory } from './schema.ts';
import type { ComplianceViolation } from './violation.ts';

/** What a rewrite needs of a violation. */
export type RewriteInput = Pick<ComplianceViolation, 'span' | 'rewrite'> &
  Partial<Pick<ComplianceViolation, 'drop' | 'category'>>;

interface Edit {
  start: number;
  end: number;
  rewrite: string;
  length: number;
}

const weak = /[,，、;；:：|｜/]/u;
const strong = /[.。!！?？\n…]/u;
/** Marks that end a clause: weak ones join the next clause of the sentence, strong ones end the sentence. */
const clauseWeak = /[,，;；:：]/u;
const clauseStrong = /[。!！?？\n…]/u;
const han = /\p{Script=Han}/u;

/** Whether `text[at]` ends a clause: a clause mark, or a full stop that is not a decimal point or "No.1". */
function isClauseMark(text: string, at: number): boolean {
  const char = text[at] ?? '';
  if (clauseWeak.test(char) || clauseStrong.test(char)) return true;
  if (char !== '.') return false;
  const next = text[at + 1];
  return next === undefined || /\s/.test(next) || han.test(next) || /["'”’)]/.test(next);
}

// A clause joined by a conjunction: the part from the conjunction on can go alone.
const enJoin = /\s+(?:and|but|so|because|which|while|plus|as it|since)\s+/giu;
const zhJoin = /而且|并且|还能|还可以|还会|又能|同时还|再加上/gu;

/** The clause of `text` around position `at`: start, end (exclusive, before its mark). */
function clauseAt(text: string, at: number): { start: number; end: number } {
  let start = at;
  while (start > 0 && !isClauseMark(text, start - 1)) start -= 1;
  // The space after a clause mark stays with the mark ("lean, cures colds, and" → "lean, and").
  while (start < at && /\s/u.test(text[start]!)) start += 1;
  let end = at;
  while (end < text.length && !isClauseMark(text, end)) end += 1;
  return { start, end };
}

/** The part of the clause `[start, end)` to remove for a violation at `[from, to)`. */
function partToRemove(text: string, clause: { start: number; end: number }, from: number) {
  const body = text.slice(clause.start, clause.end);
  let cut = -1;
  for (const regexp of [enJoin, zhJoin]) {
    regexp.lastIndex = 0;
    for (const match of body.matchAll(regexp)) {
      const at = clause.start + match.index;
      // Only a conjunction before the violation, with words before it, lets the first part stay.
      if (at <= from && at > clause.start && text.slice(clause.start, at).trim() !== '')
        cut = Math.max(cut, at);
    }
  }
  return cut === -1 ? clause : { start: cut, end: clause.end };
}

/** `text` with `[start, end)` (a clause or its joined part) removed, and the marks around it tidied. */
function removeClause(text: string, start: number, end: number, joined: boolean): string {
  let left = text.slice(0, start);
  let right = text.slice(end);
  if (joined) return capitaliseAfter(left, right);
  const mark = right[0];
  if (mark !== undefined && clauseWeak.test(mark)) {
    // "A，B，C" without B: "A，C".
    right = right.slice(1).replace(/^[ \t]+/u, '');
    // A lone word left of the sentence ("…, ladies.") goes with it.
    const rest = /^([A-Za-z]+)([.!?]+)(?:\s+|$)/u.exec(right);
    if (rest && (left.trim() === '' || /[.!?]\s*$/u.test(left))) right = right.slice(rest[0].length);
    return capitaliseAfter(left, right);
  }
  // The clause ends its sentence: "A，B！" without B is "A！"; a sentence that was only B goes entirely.
  const trimmed = left.replace(/[ \t]+$/u, '');
  const before = trimmed.at(-1);
  if (before !== undefined && clauseWeak.test(before)) {
    left = trimmed.slice(0, -1);
    return left + right;
  }
  if (mark !== undefined && (mark === '.' || clauseStrong.test(mark)) && mark !== '\n') {
    let skip = 1;
    while (right[skip] !== undefined && /[.。!！?？…]/u.test(right[skip]!)) skip += 1;
    right = right.slice(skip);
  }
  if (left === '' || /\s$/u.test(left)) right = right.replace(/^[ \t]+/u, '');
  if (left.endsWith('\n') && right.startsWith('\n')) right = right.slice(1);
  return capitaliseAfter(left, right);
}

/** `left + right`, with right's first letter capitalised when it now opens an English sentence. */
function capitaliseAfter(left: string, right: string): string {
  const opens = left.trim() === '' || /[.!?]\s*$/u.test(left);
  if (opens && /^[a-z]/.test(right) && !han.test(left + right))
    return left + right[0]!.toUpperCase() + right.slice(1);
  return left + right;
}

function mergeEdits(violations: readonly RewriteInput[]): Edit[] {
  const sorted = violations
    .map((v) => ({
      start: v.span.start,
      end: v.span.end,
      rewrite: v.rewrite,
      length: v.span.end - v.span.start,
    }))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Edit[] = [];
  for (const edit of sorted) {
    const last = merged.at(-1);
    if (last && edit.start < last.end) {
      const longer = edit.length > last.length;
      merged[merged.length - 1] = {
        start: last.start,
        end: Math.max(last.end, edit.end),
        rewrite: longer ? edit.rewrite : last.rewrite,
        length: longer ? edit.length : last.length,
      };
    } else {
      merged.push(edit);
    }
  }
  return merged;
}

/** Removes what a deletion at `at` leaves dangling: doubled spaces or separators, a separator at the start. */
function tidySeam(text: string, at: number): string {
  let left = text.slice(0, at);
  let right = text.slice(at);
  if (right.trim() === '') {
    left = left.trimEnd();
    return weak.test(left.at(-1) ?? '') ? left.slice(0, -1) : left;
  }
  if (left === '' || left.endsWith(' ')) right = right.replace(/^ +/, '');
  if (left.endsWith(' ') && (weak.test(right[0] ?? '') || strong.test(right[0] ?? ''))) left = left.trimEnd();
  const before = left.at(-1) ?? '';
  const after = right[0] ?? '';
  if (weak.test(after) && (left === '' || weak.test(before) || strong.test(before))) {
    right = right.slice(1);
    if (left === '' || left.endsWith(' ')) right = right.replace(/^ +/, '');
  } else if (weak.test(before) && strong.test(after)) left = left.slice(0, -1);
  return capitaliseAfter(left, right);
}

/** Drops a space the original left between the Chinese rewrite at `[start, end)` and Chinese around it. */
function closeHanGaps(text: string, start: number, end: number): string {
  let out = text;
  if (out[end] === ' ' && han.test(out[end - 1] ?? '') && han.test(out[end + 1] ?? ''))
    out = out.slice(0, end) + out.slice(end + 1);
  if (out[start - 1] === ' ' && han.test(out[start] ?? '') && han.test(out[start - 2] ?? ''))
    out = out.slice(0, start - 1) + out.slice(start);
  return out;
}

/** A replacement keeps the case of what it replaces: "Lowest price online" → "A fair price". */
function matchCase(original: string, rewrite: string): string {
  if (/^[A-Z]/.test(original) && /^[a-z]/.test(rewrite)) return rewrite[0]!.toUpperCase() + rewrite.slice(1);
  return rewrite;
}

// Words a clause may not end on once a span after them is gone: "咱家的鹿肉是", "吃了能治", "it is".
const zhDangling = /(?:是|能|可以|可|很|最|比|和|跟|把|让|给|对|还能|就是|都是|能治|保证|帮助|有助于|帮你)$/u;
const enDangling =
  /\b(?:is|are|was|were|be|the|a|an|and|or|it|what it|to|of|for|with|your|my|our|so|very|really|can|will|that)$/iu;

/** Whether removing `[start, end)` alone would leave its clause ending on a dangling word. */
export function leavesDangling(text: string, start: number, end: number): boolean {
  let after = end;
  while (after < text.length && /[ \t]/.test(text[after]!)) after += 1;
  if (after < text.length && !isClauseMark(text, after)) return false;
  const before = text.slice(clauseAt(text, start).start, start).trimEnd();
  if (before === '') return false;
  return zhDangling.test(before) || enDangling.test(before);
}

/**
 * `text` with each violation mended: replaced by its `rewrite` (empty: the span removed), or with `drop`,
 * its clause removed. Give it the violations of this very text. Also says which categories lost a clause.
 */
export function applyRewrites(
  text: string,
  violations: readonly RewriteInput[],
): { text: string; removed: ComplianceCategory[] } {
  // A span whose removal would leave "…是" or "… it is" takes its clause with it.
  const mended = violations.map((v) =>
    !v.drop && v.rewrite === '' && leavesDangling(text, v.span.start, v.span.end)
      ? { ...v, drop: true as const }
      : v,
  );
  const drops = mended.filter((v) => v.drop);
  const removed = new Set<ComplianceCategory>();
  // The parts to remove, merged, from the original text.
  const cuts: Array<{ start: number; end: number; joined: boolean }> = [];
  for (const violation of drops) {
    const clause = clauseAt(text, violation.span.start);
    // A span running past its clause takes the next clauses along.
    while (clause.end < violation.span.end && clause.end < text.length)
      clause.end = clauseAt(text, clause.end + 1).end;
    const part = partToRemove(text, clause, violation.span.start);
    cuts.push({ ...part, joined: part.start !== clause.start });
    if (violation.category) removed.add(violation.category);
  }
  cuts.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: typeof cuts = [];
  for (const cut of cuts) {
    const last = merged.at(-1);
    if (last && cut.start < last.end) {
      last.end = Math.max(last.end, cut.end);
      last.joined = last.joined && cut.joined;
    } else merged.push({ ...cut });
  }
  const inCut = (v: RewriteInput) => merged.some((cut) => cut.start <= v.span.start && v.span.end <= cut.end);
  const edits = mergeEdits(mended.filter((v) => !v.drop && !inCut(v)));
  type Step = { kind: 'edit'; edit: Edit } | { kind: 'cut'; cut: (typeof merged)[number] };
  const steps: Step[] = [
    ...edits.map((edit): Step => ({ kind: 'edit', edit })),
    ...merged.map((cut): Step => ({ kind: 'cut', cut })),
  ].sort(
    (a, b) =>
      (b.kind === 'edit' ? b.edit.start : b.cut.start) - (a.kind === 'edit' ? a.edit.start : a.cut.start),
  );
  let out = text;
  for (const step of steps) {
    if (step.kind === 'cut') {
      out = removeClause(out, step.cut.start, step.cut.end, step.cut.joined);
      continue;
    }
    const { edit } = step;
    const rewrite = matchCase(out.slice(edit.start, edit.end), edit.rewrite);
    out = out.slice(0, edit.start) + rewrite + out.slice(edit.end);
    out =
      rewrite === '' ? tidySeam(out, edit.start) : closeHanGaps(out, edit.start, edit.start + rewrite.length);
  }
  // Nothing left but marks: nothing left.
  if (/^[\s,，;；:：.。!！?？…、]*$/u.test(out)) out = '';
  return { text: out, removed: [...removed] };
}

/**
 * `text` with every violation's span replaced by its `rewrite` (empty: removed), or its clause removed for
 * a `drop`. Give it the violations of this very text, e.g. `rewriteCompliant(text, checker.check(text).violations)`.
 * A text that was nothing but violations comes back empty. No notes are added (see {@link removalNotes}).
 */
export function rewriteCompliant(text: string, violations: readonly RewriteInput[]): string {
  return applyRewrites(text, violations).text;
}

// What the note says for each kind of removal. Every note passes the checker (each names the words it
// forbids after a verb of saying in the negative, which marks a line that teaches the rule).
const notes: Record<Language, Record<ComplianceCategory, string>> = {
  zh: {
    'health-claims': '（已删去一句功效说法：普通食品不能宣传治病或保健作用。）',
    'deer-category': '（已删去一句说法：鹿茸、鹿角、鹿胎、鹿骨不是普通食品，不能教吃法。）',
    'price-urgency': '（已删去一句催单说法：没有依据的限量、倒计时和比价不能说，属于虚假营销。）',
    diversion: '（已删去站外联系方式：平台禁止把顾客引到站外。）',
    'absolute-terms': '（已删去一句绝对化说法：广告不能用绝对化用语作保证。）',
    authority: '（已删去一句权威背书：广告不能用国家机关、驰名商标或免检作宣传。）',
    superstition: '（已删去一句迷信说法：广告不能宣传转运、招财一类的作用。）',
  },
  en: {
    'health-claims': '(Removed a health claim: ordinary food must not claim to treat or prevent illness.)',
    'deer-category': '(Removed a serving suggestion: velvet, antler, foetus and bone are not ordinary food.)',
    'price-urgency':
      '(Removed an urgency claim: do not claim stock counts, deadlines or comparisons you cannot prove.)',
    diversion: '(Removed an off-platform invitation: platforms ban taking buyers off the platform.)',
    'absolute-terms': '(Removed an absolute claim: ads must not use absolute terms or guarantees.)',
    authority: '(Removed an endorsement claim: ads must not use state bodies or inspection exemptions.)',
    superstition:
      '(Removed a superstitious claim: ads must not promise luck, wealth or protection from evil.)',
  },
};

const noteOrder: readonly ComplianceCategory[] = [
  'health-claims',
  'deer-category',
  'authority',
  'superstition',
  'price-urgency',
  'diversion',
  'absolute-terms',
];

/** The note for a removal of each category, in `language`. */
export function removalNote(category: ComplianceCategory, language: Language): string {
  return notes[language][category];
}

/** `text` with a short note at the end for each category a clause was removed for (once each). */
export function removalNotes(
  text: string,
  removed: readonly ComplianceCategory[],
  language: Language,
): string {
  if (removed.length === 0) return text;
  const said = noteOrder.filter((category) => removed.includes(category)).map((c) => notes[language][c]);
  const body = text.trimEnd();
  if (body === '') return said.join(language === 'zh' ? '' : ' ');
  return language === 'zh' ? `${body}${said.join('')}` : `${body} ${said.join(' ')}`;
}
