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

/** Builds the rules; a pattern that is not a valid regular expression fails with its rule's key. */
export function createScopeRules(file: z.infer<typeof scopeFileSchema>): ScopeRules {
  const rules = file.rules.map((rule) => ({
    ...rule,
    regexps: rule.patterns.map((pattern) => {
      try {
        return new RegExp(pattern, 'iu');
      } catch (error) {
        throw new Error(`scope rule "${rule.key}": bad pattern ${pattern}: ${(error as Error).message}`);
      }
    }),
  }));
  return {
    check(question, language, normalized) {
      const text = normalized ?? normalizeText(question);
      // The first rule that matches decides.
      const rule = rules.find(({ regexps }) => regexps.some((regexp) => regexp.test(text)));
      return (
        rule && {
          key: rule.key,
          message: rule[language],
          lessonId: rule.lesson && `${rule.lesson}-${language}`,
        }
      );
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
