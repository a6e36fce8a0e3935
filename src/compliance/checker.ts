/**
 * @module The deterministic compliance checker: runs every rule over the normalised text, drops hits that
 * overlap an exception, and reports each violation with its ORIGINAL span, reason and safe rewrite. Text
 * inside ❌…❌ (a quoted bad example) is never flagged. No model, no I/O: well under a millisecond a sentence.
 */
import { detectLanguage } from '../core/language.ts';
import type { Language } from '../core/turn.ts';
import { type CompiledRule, compileRule, RulePatternError } from './compile.ts';
import { compileEvasions, type EvasionMatcher } from './evasions.ts';
import { type NormalisedText, normalise, originalRange } from './normalise.ts';
import { applyRewrites, removalNotes } from './rewrite.ts';
import type { ComplianceCategory, ComplianceRule, EvasionTable } from './schema.ts';
import { insideTeaching, type TeachingRange, teachingRanges } from './teaching.ts';
import type { ComplianceResult, ComplianceViolation } from './violation.ts';

/** Options of a check. */
export interface CheckOptions {
  /** The language of the reasons; default: the text's language. */
  lang?: Language;
}

/** Text made compliant, and what was wrong with it. */
export interface RewriteResult {
  text: string;
  /** The violations of the text as given. */
  violations: ComplianceViolation[];
}

export type { ComplianceCategory };

/** Checks text against the rules. */
export interface ComplianceChecker {
  check(text: string, options?: CheckOptions): ComplianceResult;
  /** Checks `text` and rewrites every violation (repeating until clean, at most three rounds). */
  rewrite(text: string, options?: CheckOptions): RewriteResult;
}

/** The rules a checker runs: from {@link loadComplianceRules}, or built in a test. */
export interface ComplianceRuleInput {
  rules: readonly ComplianceRule[];
  evasions?: EvasionTable;
}

interface Hit {
  compiled: CompiledRule;
  start: number;
  end: number;
  match: RegExpExecArray;
  order: number;
}

/** A violation before it is mapped back: the hit that names it, and the span it covers. */
interface Resolved {
  hit: Hit;
  start: number;
  end: number;
}

const han = /\p{Script=Han}/u;

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

function anyDisguised(normalised: NormalisedText, start: number, end: number): boolean {
  for (let i = start; i < end; i += 1) if (normalised.disguised[i]) return true;
  return false;
}

function rangesOf(regexps: readonly RegExp[], text: string): Array<{ start: number; end: number }> {
  const ranges: Array<{ start: number; end: number }> = [];
  for (const regexp of regexps) {
    for (const match of text.matchAll(regexp)) {
      if (match[0].length > 0) ranges.push({ start: match.index, end: match.index + match[0].length });
    }
  }
  return ranges;
}

function hitsOf(
  compiled: CompiledRule,
  normalised: NormalisedText,
  order: number,
  teaching: readonly TeachingRange[],
): Hit[] {
  const hits: Hit[] = [];
  for (const regexp of compiled.patterns) {
    for (const match of normalised.text.matchAll(regexp)) {
      const start = match.index;
      const end = start + match[0].length;
      if (end === start) continue;
      if (compiled.rule.disguisedOnly && !anyDisguised(normalised, start, end)) continue;
      // "别说降血压", "never say the best": the line teaches the rule.
      if (insideTeaching(teaching, start, end)) continue;
      hits.push({ compiled, start, end, match, order });
    }
  }
  if (hits.length === 0 || compiled.exceptions.length === 0) return hits;
  const excepted = rangesOf(compiled.exceptions, normalised.text);
  return hits.filter((hit) => !excepted.some((range) => overlaps(hit, range)));
}

/** The longer hit, then the earlier, then the one of the earlier rule. */
function rank(a: Hit, b: Hit): number {
  return b.end - b.start - (a.end - a.start) || a.start - b.start || a.order - b.order;
}

/**
 * Merges overlapping hits of one category into one violation: the union of their spans, reported under the
 * longest hit's rule. Hits of different categories may overlap ("全网最低价" is both a price claim and an
 * absolute term).
 */
function resolveOverlaps(hits: Hit[]): Resolved[] {
  const resolved: Resolved[] = [];
  const byCategory = new Map<string, Hit[]>();
  for (const hit of hits) {
    const group = byCategory.get(hit.compiled.rule.category);
    if (group) group.push(hit);
    else byCategory.set(hit.compiled.rule.category, [hit]);
  }
  for (const group of byCategory.values()) {
    group.sort((a, b) => a.start - b.start || b.end - a.end);
    let cluster: Hit[] = [];
    let end = -1;
    const flush = () => {
      if (cluster.length === 0) return;
      const lead = [...cluster].sort(rank)[0]!;
      resolved.push({ hit: lead, start: cluster[0]!.start, end });
    };
    for (const hit of group) {
      if (hit.start >= end) {
        flush();
        cluster = [];
      }
      cluster.push(hit);
      end = Math.max(end, hit.end);
    }
    flush();
  }
  // One phrase is reported once: an absolute term inside another category's claim ("最低价" in "全网最低价",
  // "国家级" in a state-endorsement claim) is part of it; of two on the same span, the earlier rule's stays.
  const kept = resolved.filter(
    (inner) =>
      inner.hit.compiled.rule.category !== 'absolute-terms' ||
      !resolved.some(
        (outer) =>
          outer !== inner &&
          outer.hit.compiled.rule.category !== 'absolute-terms' &&
          outer.start <= inner.start &&
          inner.end <= outer.end &&
          (outer.end - outer.start > inner.end - inner.start || outer.hit.order < inner.hit.order),
      ),
  );
  return kept.sort((a, b) => a.start - b.start || a.end - b.end || a.hit.order - b.hit.order);
}

/** The rule's vetted wording for this span, from its `rewrites` table: undefined when no entry fits. */
function tableRewrite(
  compiled: CompiledRule,
  spanText: string,
  language: 'zh' | 'en',
): { rewrite: string; drop?: true } | undefined {
  for (const entry of compiled.rewrites) {
    if (!entry.match.test(spanText)) continue;
    if (entry.drop) return { rewrite: '', drop: true };
    const wording = entry[language];
    if (wording === undefined) continue;
    // The whole span is replaced; `$1`… insert the entry's own groups.
    const match = entry.match.exec(spanText);
    return { rewrite: wording.replace(/\$(\d)/g, (_, digit: string) => match?.[Number(digit)] ?? '') };
  }
  return undefined;
}

/** The rewrite with `$1`…`$9` replaced by the original text of the pattern's groups. */
function fillGroups(template: string, hit: Hit, normalised: NormalisedText): string {
  if (!hit.compiled.usesGroups) return template;
  return template.replace(/\$(\d)/g, (_, digit: string) => {
    const indices = hit.match.indices?.[Number(digit)];
    if (!indices || indices[1] === indices[0]) return '';
    // Text the evasion table rewrote (zui hao → 最好) is inserted as the word it stands for.
    if (anyDisguised(normalised, indices[0], indices[1]))
      return normalised.text.slice(indices[0], indices[1]);
    const { start, end } = originalRange(normalised, indices[0], indices[1]);
    return normalised.original.slice(start, end);
  });
}

/** Builds a checker; a pattern that does not compile throws naming its rule. */
export function createComplianceChecker(input: ComplianceRuleInput): ComplianceChecker {
  const compiled = input.rules.map((rule) => {
    try {
      return compileRule(rule);
    } catch (error) {
      if (error instanceof RulePatternError)
        throw new Error(`compliance rule "${rule.id}": ${error.message}`);
      throw error;
    }
  });
  const evasions: EvasionMatcher | undefined = input.evasions && compileEvasions(input.evasions);

  function check(text: string, options: CheckOptions = {}): ComplianceResult {
    const normalised = normalise(text, evasions);
    const teaching = teachingRanges(normalised.text);
    const hits = resolveOverlaps(
      compiled.flatMap((rule, order) => hitsOf(rule, normalised, order, teaching)),
    );
    const textLanguage = detectLanguage(text);
    const reasonLanguage = options.lang ?? textLanguage;
    const violations = hits.map(({ hit, ...range }): ComplianceViolation => {
      const { start, end } = originalRange(normalised, range.start, range.end);
      const spanText = text.slice(start, end);
      const { rule } = hit.compiled;
      const rewriteLanguage = han.test(spanText) ? 'zh' : textLanguage;
      const vetted = tableRewrite(hit.compiled, spanText, rewriteLanguage);
      const drop = rule.drop === 'clause' || vetted?.drop === true;
      return {
        span: { start, end, text: spanText },
        rule: rule.id,
        category: rule.category,
        reason: rule.reason[reasonLanguage],
        rewrite: drop ? '' : (vetted?.rewrite ?? fillGroups(rule.rewrite[rewriteLanguage], hit, normalised)),
        ...(drop ? { drop: true as const } : {}),
        source: rule.source,
        instead: rule.instead?.[reasonLanguage] ?? [],
      };
    });
    return { violations };
  }

  function rewrite(text: string, options: CheckOptions = {}): RewriteResult {
    const { violations } = check(text, options);
    if (violations.length === 0) return { text, violations };
    let current = text;
    let found = violations;
    const removed = new Set<ComplianceCategory>();
    for (let round = 0; round < 3 && found.length > 0; round += 1) {
      const applied = applyRewrites(current, found);
      current = applied.text;
      for (const category of applied.removed) removed.add(category);
      found = check(current, options).violations;
    }
    if (found.length > 0) {
      // What three rounds could not mend goes with its clause.
      const applied = applyRewrites(
        current,
        found.map((v) => ({ ...v, rewrite: '', drop: true as const })),
      );
      current = applied.text;
      for (const category of applied.removed) removed.add(category);
    }
    return { text: removalNotes(current, [...removed], detectLanguage(text)), violations };
  }

  return { check, rewrite };
}
