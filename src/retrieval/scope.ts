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
  check(question: string, language: Language): Decline | undefined;
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
  return {
    check(question, language) {
      const text = normalizeText(question);
      const rule = rules.find((r) => matchesAny(r.regexps, text));
      if (!rule) return undefined;
      return {
        key: rule.key,
        message: rule[language],
        lessonId: rule.lesson && `${rule.lesson}-${language}`,
      };
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
