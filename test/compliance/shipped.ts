/** The shipped compliance rules and the labelled set, for the compliance tests. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { type ComplianceChecker, createComplianceChecker } from '../../src/compliance/checker.ts';
import { type ComplianceRuleSet, loadComplianceRules } from '../../src/compliance/load.ts';
import { complianceCategories } from '../../src/compliance/schema.ts';

/** `knowledge/compliance/` in this repository. */
export const rulesDir = fileURLToPath(new URL('../../knowledge/compliance', import.meta.url));

/** `knowledge/` in this repository. */
export const knowledgeDir = fileURLToPath(new URL('../../knowledge', import.meta.url));

/** The shipped rules and a checker built from them. */
export async function shipped(): Promise<{ ruleSet: ComplianceRuleSet; checker: ComplianceChecker }> {
  const ruleSet = await loadComplianceRules(rulesDir);
  return { ruleSet, checker: createComplianceChecker(ruleSet) };
}

/** The ways of hiding a word that the labelled set covers. */
export const evasionKinds = [
  'spaces',
  'full-width',
  'pinyin',
  'homophone',
  'emoji',
  'punctuation',
  'numerals',
] as const;

/** The families of the public banned-word lists (issue 16), each with violating lines and near misses. */
export const labelledFamilies = [
  'absolute',
  'first-claims',
  'authority',
  'inducement',
  'health',
  'diversion',
  'superstition',
  'deer',
  'price',
] as const;

const labelledLine = z.strictObject({
  id: z.string().min(1),
  lang: z.enum(['zh', 'en']),
  text: z.string().min(1),
  categories: z.array(z.enum(complianceCategories)),
  /** How a violating sentence hides its words. */
  evasion: z.array(z.enum(evasionKinds)).optional(),
  /**
   * The family of the public banned-word lists the sentence was written from (the lines added for issue 16);
   * older lines have none, and are grouped by their category (see {@link familyOf}).
   */
  family: z.enum(labelledFamilies).optional(),
  /** Where the words came from: a list in knowledge/compliance/SOURCES.md, or "brief". */
  source: z.string().min(1).optional(),
});

/** A sentence's family: its `family`, or for older lines its first category (`innocent` when none). */
export function familyOf(sentence: LabelledSentence): string {
  return sentence.family ?? sentence.categories[0] ?? 'innocent';
}

/** One sentence of `labelled.jsonl`: the categories it violates (none for an innocent one). */
export type LabelledSentence = z.infer<typeof labelledLine>;

/** `test/compliance/labelled.jsonl`, validated line by line. */
export function readLabelled(): LabelledSentence[] {
  const path = fileURLToPath(new URL('./labelled.jsonl', import.meta.url));
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      const parsed = labelledLine.safeParse(JSON.parse(line));
      if (!parsed.success)
        throw new Error(`labelled.jsonl line ${i + 1}: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
}
