/**
 * @module The compliance rule files (`knowledge/compliance/*.yaml`) as zod schemas: rule files, each rule,
 * and the evasion table the normaliser uses. Rule patterns are regular expressions over normalised text
 * (see normalise.ts): lower case, half-width punctuation, no spaces next to Chinese characters.
 */
import { z } from 'zod';
import { dateSchema } from '../knowledge/schema.ts';

/** What a rule is about: the kinds of wording that get live rooms penalised or break the law. */
export const complianceCategories = [
  'absolute-terms',
  'health-claims',
  'deer-category',
  'price-urgency',
  'diversion',
  /** State organs, 驰名商标, 免检, 特供/专供 as endorsement (Advertising Law Art. 9(2), Trademark Law Art. 14). */
  'authority',
  /** 旺财, 转运, 辟邪, 招财, 镇宅 … (Advertising Law Art. 9(8)). */
  'superstition',
] as const;

/** A rule category. */
export type ComplianceCategory = (typeof complianceCategories)[number];

const text = z.string('expected text').trim().min(1, 'expected text');

/** Text in both languages. */
const bilingual = z.strictObject({ zh: text, en: text });

/** A rewrite in both languages; empty text means "remove the span". `$1`…`$9` insert a pattern's groups. */
const rewrite = z.strictObject({ zh: z.string('expected text'), en: z.string('expected text') });

/**
 * A vetted wording for one kind of span: `match` is a regular expression tried on the span's ORIGINAL text
 * (case-insensitive); the first entry that matches decides. With `zh`/`en` the whole span is replaced by
 * that wording (`$1`… insert the entry's own groups); with `drop: true` the span's clause goes, with a note.
 */
const rewriteEntry = z.strictObject({
  match: text,
  zh: z.string('expected text').optional(),
  en: z.string('expected text').optional(),
  drop: z.boolean('expected true or false').optional(),
});

/** One rule of a rule file. */
export const complianceRuleSchema = z.strictObject({
  id: z.string('expected text').regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected an id like abs-superlative'),
  category: z.enum(complianceCategories),
  /** The law or platform rule this rule enforces, e.g. 《广告法》第九条. */
  source: text,
  /** Regular expressions over normalised text; `{gap:N}` stands for up to N characters within a clause. */
  patterns: z.array(text, 'expected a list of patterns').min(1, 'expected a pattern'),
  /** Regular expressions over normalised text; a hit that overlaps a match of one is not a violation. */
  exceptions: z.array(text, 'expected a list of patterns').default([]),
  /** Only hits on text the normaliser rewrote from an evasion (vx, 威信, pinyin …) count. */
  disguisedOnly: z.boolean('expected true or false').default(false),
  reason: bilingual,
  rewrite,
  /**
   * Span-specific safe wordings, tried before `rewrite` (see {@link rewriteEntry}); where a language has no
   * entry that matches, `rewrite` applies.
   */
  rewrites: z.array(rewriteEntry).optional(),
  /**
   * `clause`: no safe wording exists (a health claim, a recipe for velvet, invented urgency), so the whole
   * clause holding the span is removed and a short note at the end says what was removed and why.
   */
  drop: z.enum(['clause']).optional(),
  /**
   * Whole lines a seller can say instead, vetted: each passes every rule (tested with the shipped rules).
   * The "can I say …?" note offers the first one in the asker's language.
   */
  instead: z
    .strictObject({
      zh: z.array(text).default([]),
      en: z.array(text).default([]),
    })
    .optional(),
  /** Lines the rule must flag and lines it must pass: tested with the shipped rules. */
  examples: z
    .strictObject({
      flag: z.array(text).default([]),
      pass: z.array(text).default([]),
    })
    .optional(),
});

/** A rule as written in its file. */
export type ComplianceRule = z.infer<typeof complianceRuleSchema>;

/** A rule file: versioned and dated, with its rules. */
export const complianceRuleFileSchema = z.strictObject({
  version: z.number('expected a whole number').int('expected a whole number').min(1, 'expected 1 or more'),
  updated: dateSchema,
  description: text,
  rules: z.array(z.unknown(), 'expected a list of rules').min(1, 'expected a rule'),
});

/** A homophone or disguise and what it stands for: `{ to: 微信, from: [vx, 威信] }`. */
const substitutionSchema = z.strictObject({
  to: text,
  from: z.array(text, 'expected a list of spellings').min(1, 'expected a spelling'),
});

/** A Chinese word and its pinyin, one syllable per character: `{ hanzi: 降血压, pinyin: jiang xue ya }`. */
const pinyinSchema = z
  .strictObject({ hanzi: text, pinyin: text })
  .refine((entry) => [...entry.hanzi].length >= 2, 'expected a word of two or more characters')
  .refine(
    (entry) => [...entry.hanzi].length === entry.pinyin.trim().split(/\s+/).length,
    'expected one pinyin syllable per character',
  );

/** `knowledge/compliance/evasions.yaml`: the spellings the normaliser maps back to the words they hide. */
export const evasionFileSchema = z.strictObject({
  version: z.number('expected a whole number').int('expected a whole number').min(1, 'expected 1 or more'),
  updated: dateSchema,
  description: text,
  source: text,
  substitutions: z.array(substitutionSchema).default([]),
  pinyin: z.array(pinyinSchema).default([]),
});

/** The evasion table. */
export type EvasionTable = Pick<z.infer<typeof evasionFileSchema>, 'substitutions' | 'pinyin'>;
