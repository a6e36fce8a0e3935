/**
 * @module Requests Cunbo declines before searching: fake reviews, evading platform checks, medical advice,
 * and things that are not e-commerce at all. The rules are data (`knowledge/scope.yaml`).
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Language } from '../core/turn.ts';
import { normalizeText } from './tokenizer.ts';

const ruleSchema = z.object({
  key: z.string().min(1),
  patterns: z.array(z.string().min(1)).min(1),
  lesson: z.string().optional(),
  zh: z.string().min(1),
  en: z.string().min(1),
});

/** `knowledge/scope.yaml`. */
export const scopeFileSchema = z.object({
  updated: z.string(),
  rules: z.array(ruleSchema).min(1),
});

/** A refusal, with the lesson that explains the rule (if any). */
export interface Decline {
  key: string;
  message: string;
  lessonId: string | undefined;
}

/** Decides whether a question is out of scope. */
export interface ScopeRules {
  /** @param normalized `normalizeText(question)`, when the caller already has it */
  check(question: string, language: Language, normalized?: string): Decline | undefined;
}

const cased = /[\p{Cased}\p{Changes_When_Casefolded}\p{Changes_When_Casemapped}]/u;

/**
 * Whether `pattern` with the `iu` flags matches exactly the same NFKC-normalised, lower-cased texts as it
 * does with `u` alone. True when it matches no upper-case letter, no cased letter beyond ASCII, and
 * nothing whose case-insensitive form could take in one: such texts hold no other case variant of a
 * lower-case ASCII letter (NFKC turns the Kelvin sign into K and the long s into s, and lower-casing does
 * the rest). Anything it is not sure of (`\p{…}`, `\u…`, backreferences, ranges other than a-z and 0-9,
 * group modifiers) counts as cased.
 */
function caseless(pattern: string): boolean {
  const chars = [...pattern];
  let inClass = false;
  let classStart = 0;
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    if (char === '\\') {
      const next = chars[++i] ?? '';
      if (/[a-z0-9]/i.test(next) && !/[dDsSwWbBnrtfv]/.test(next)) return false;
      continue;
    }
    if (inClass) {
      if (char === ']') inClass = false;
      else if (char === '-' && i > classStart && chars[i + 1] !== ']') {
        // A range: only a-z and 0-9 are known not to span case variants.
        const ends = `${chars[i - 2] ?? ''}${chars[i - 1]}${chars[i + 1] ?? ''}`;
        if (!/^[^\\]?([a-z][a-z]|\d\d)$/.test(ends)) return false;
      }
    } else if (char === '[') {
      inClass = true;
      classStart = chars[i + 1] === '^' ? i + 2 : i + 1;
      i = classStart - 1;
    } else if (char === '(' && chars[i + 1] === '?' && /[a-z-]/i.test(chars[i + 2] ?? '')) {
      return false;
    }
    if (/[A-Z]/.test(char) || (char > '\x7f' && cased.test(char))) return false;
  }
  return true;
}

/**
 * Compiles a rule pattern for {@link ScopeRules.check}'s normalised text. Without the `i` flag when that
 * cannot change a result: V8 runs case-insensitive Unicode expressions several times slower, and every
 * question is tested against every pattern.
 */
function compile(pattern: string): RegExp {
  const insensitive = new RegExp(pattern, 'iu');
  return caseless(pattern) ? new RegExp(pattern, 'u') : insensitive;
}

function matchesAny(regexps: readonly RegExp[], text: string): boolean {
  for (let i = 0; i < regexps.length; i++) if (regexps[i]!.test(text)) return true;
  return false;
}

/**
 * Joins `regexps` into one expression that matches a text exactly when one of them does (an alternation
 * matches wherever one of its branches does): nearly every question matches no rule, and one pass over it
 * says so at half the cost of a pass per pattern. Only expressions with the `u` flag alone and no
 * backreferences join (numbered groups shift when patterns are put side by side); the rest are left to be
 * tested one by one, and all of them if the joined expression cannot be built (two groups of one name).
 */
function screen(regexps: readonly RegExp[]): { joined: RegExp | undefined; rest: RegExp[] } {
  const joinable = regexps.filter((regexp) => regexp.flags === 'u' && !/\\([1-9]|k<)/.test(regexp.source));
  const rest = regexps.filter((regexp) => !joinable.includes(regexp));
  if (joinable.length < 2) return { joined: undefined, rest: [...regexps] };
  try {
    return { joined: new RegExp(joinable.map((regexp) => `(?:${regexp.source})`).join('|'), 'u'), rest };
  } catch {
    return { joined: undefined, rest: [...regexps] };
  }
}

/** Builds the rules; a pattern that is not a valid regular expression fails with its rule's key. */
export function createScopeRules(file: z.infer<typeof scopeFileSchema>): ScopeRules {
  const rules = file.rules.map((rule) => ({
    ...rule,
    regexps: rule.patterns.map((pattern) => {
      try {
        return compile(pattern);
      } catch (error) {
        throw new Error(`scope rule "${rule.key}": bad pattern ${pattern}: ${(error as Error).message}`);
      }
    }),
  }));
  const { joined, rest } = screen(rules.flatMap((rule) => rule.regexps));
  return {
    check(question, language, normalized) {
      const text = normalized ?? normalizeText(question);
      if (!joined?.test(text) && !matchesAny(rest, text)) return undefined;
      // Some rule matches: the first one decides.
      for (const rule of rules) {
        if (!matchesAny(rule.regexps, text)) continue;
        return {
          key: rule.key,
          message: rule[language],
          lessonId: rule.lesson && `${rule.lesson}-${language}`,
        };
      }
      return undefined;
    },
  };
}

/** Reads and validates `scope.yaml` from the knowledge directory. */
export async function loadScopeRules(knowledgeDir: string): Promise<ScopeRules> {
  const path = `${knowledgeDir}/scope.yaml`;
  const parsed = scopeFileSchema.safeParse(parse(await readFile(path, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${path}: ${issue.path.join('.')}: ${issue.message}`);
  }
  return createScopeRules(parsed.data);
}
