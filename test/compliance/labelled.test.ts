/**
 * The labelled set: category-level precision and recall of the shipped rules, offline, both ≥ 0.95, overall,
 * per language, and per family: the nine families of the public banned-word lists (issue 16; sources in
 * knowledge/compliance/SOURCES.md) and, for the older lines, each category.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ComplianceChecker } from '../../src/compliance/checker.ts';
import { complianceCategories } from '../../src/compliance/schema.ts';
import {
  evasionKinds,
  familyOf,
  type LabelledSentence,
  labelledFamilies,
  readLabelled,
  shipped,
} from './shipped.ts';

let checker: ComplianceChecker;
const sentences = readLabelled();

beforeAll(async () => {
  ({ checker } = await shipped());
});

interface Score {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  mistakes: string[];
}

/** Counts, per sentence, each category found and expected (micro-averaged over categories). */
function score(items: readonly LabelledSentence[]): Score {
  const result: Score = { truePositives: 0, falsePositives: 0, falseNegatives: 0, mistakes: [] };
  for (const item of items) {
    const found = new Set(checker.check(item.text).violations.map((v) => v.category));
    const expected = new Set(item.categories);
    const extra = [...found].filter((c) => !expected.has(c));
    const missed = [...expected].filter((c) => !found.has(c));
    result.truePositives += [...found].filter((c) => expected.has(c)).length;
    result.falsePositives += extra.length;
    result.falseNegatives += missed.length;
    if (extra.length + missed.length > 0)
      result.mistakes.push(`${item.id} ${item.text}: extra [${extra}] missed [${missed}]`);
  }
  return result;
}

const precision = (s: Score) => s.truePositives / (s.truePositives + s.falsePositives);
const recall = (s: Score) => s.truePositives / (s.truePositives + s.falseNegatives);

describe('the labelled set', () => {
  it('has at least 160 sentences, Chinese and English, violating and innocent, in every category', () => {
    expect(sentences.length).toBeGreaterThanOrEqual(160);
    expect(new Set(sentences.map((s) => s.id)).size).toBe(sentences.length);
    for (const lang of ['zh', 'en'] as const) {
      const inLanguage = sentences.filter((s) => s.lang === lang);
      expect(inLanguage.filter((s) => s.categories.length > 0).length).toBeGreaterThanOrEqual(20);
      expect(inLanguage.filter((s) => s.categories.length === 0).length).toBeGreaterThanOrEqual(20);
    }
    for (const category of complianceCategories) {
      expect(sentences.filter((s) => s.categories.includes(category)).length).toBeGreaterThanOrEqual(10);
    }
  });

  it('is detected with precision and recall of at least 0.95 (category level)', () => {
    const overall = score(sentences);
    expect(precision(overall), overall.mistakes.join('\n')).toBeGreaterThanOrEqual(0.95);
    expect(recall(overall), overall.mistakes.join('\n')).toBeGreaterThanOrEqual(0.95);
  });

  it("has the public lists' families, each with violating lines and near misses in both languages", () => {
    const grown = sentences.filter((s) => s.family);
    expect(grown.length).toBeGreaterThanOrEqual(400);
    expect(grown.filter((s) => s.categories.length > 0).length).toBeGreaterThanOrEqual(220);
    expect(grown.filter((s) => s.categories.length === 0).length).toBeGreaterThanOrEqual(150);
    for (const family of labelledFamilies) {
      const inFamily = grown.filter((s) => s.family === family);
      for (const lang of ['zh', 'en'] as const) {
        const inLanguage = inFamily.filter((s) => s.lang === lang);
        expect(inLanguage.filter((s) => s.categories.length > 0).length, `${family} ${lang}`).toBeGreaterThan(
          5,
        );
        expect(
          inLanguage.filter((s) => s.categories.length === 0).length,
          `${family} ${lang}`,
        ).toBeGreaterThan(5);
      }
    }
  });

  it('keeps precision and recall of at least 0.95 in each family', () => {
    const families = new Set(sentences.map(familyOf));
    const known = new Set<string>([...labelledFamilies, ...complianceCategories, 'innocent']);
    for (const family of families) expect(known.has(family), family).toBe(true);
    for (const family of labelledFamilies) expect(families.has(family), family).toBe(true);
    for (const family of families) {
      const result = score(sentences.filter((s) => familyOf(s) === family));
      const mistakes = `${family}: ${result.mistakes.join('\n')}`;
      if (family === 'innocent') {
        // Older near misses have no family of their own: nothing may be found in them.
        expect(result.falsePositives, mistakes).toBe(0);
        continue;
      }
      expect(precision(result), mistakes).toBeGreaterThanOrEqual(0.95);
      expect(recall(result), mistakes).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('keeps precision and recall of at least 0.95 in each language', () => {
    for (const lang of ['zh', 'en'] as const) {
      const result = score(sentences.filter((s) => s.lang === lang));
      expect(precision(result), `${lang}: ${result.mistakes.join('\n')}`).toBeGreaterThanOrEqual(0.95);
      expect(recall(result), `${lang}: ${result.mistakes.join('\n')}`).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('flags every evasion in the set: spaces, full-width, pinyin, homophones, emoji, punctuation, numerals', () => {
    const evasive = sentences.filter((s) => s.evasion);
    expect(evasive.length).toBeGreaterThanOrEqual(30);
    expect(new Set(evasive.flatMap((s) => s.evasion ?? []))).toEqual(new Set(evasionKinds));
    const missed = evasive.filter((s) => {
      const found = new Set(checker.check(s.text).violations.map((v) => v.category));
      return !s.categories.every((c) => found.has(c));
    });
    expect(missed.map((s) => s.text)).toEqual([]);
  });
});
