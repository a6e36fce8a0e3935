/**
 * @module `knowledge/question-words.yaml`: the cue words of each intent, the platforms, products and tracks a
 * question can name, and the words that carry no ask. Data, so trainers can read and extend it.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';

/** What kind of answer a question wants. */
export const intents = [
  'definition',
  'how-to',
  'how-much',
  'can-i-say',
  'situation',
  'comparison',
  'why',
  'other',
] as const;

/** One intent. */
export type Intent = (typeof intents)[number];

const names = z.array(z.string().trim().min(1)).min(1);

const regexText = z
  .string()
  .min(1)
  .refine((pattern) => {
    try {
      new RegExp(pattern, 'iu');
      return true;
    } catch {
      return false;
    }
  }, 'expected a valid regular expression');

/** `knowledge/question-words.yaml`. */
export const questionWordsSchema = z.strictObject({
  updated: z.string(),
  intents: z
    .array(
      z.strictObject({
        intent: z.enum(intents),
        /** For how-much: whether the cue asks for a time (多久) or an amount (多少). */
        measure: z.enum(['time', 'amount']).optional(),
        patterns: z.array(regexText).min(1),
      }),
    )
    .min(1),
  platforms: z.array(z.strictObject({ id: z.string().min(1), names, also: z.array(z.string()).default([]) })),
  products: z.array(z.strictObject({ id: z.string().min(1), deer: z.boolean(), names })),
  tracks: z.array(z.strictObject({ id: z.string().min(1), names })),
  generic: z.strictObject({ zh: z.array(z.string()), en: z.array(z.string()) }),
  topics: z
    .array(
      z.strictObject({
        intent: z.enum(intents),
        /** How many platforms the question must name. */
        platforms: z.number().int().min(0),
        words: names,
      }),
    )
    .default([]),
  synonyms: z.array(z.array(z.string().trim().min(1)).min(2)).default([]),
});

/** The parsed file. */
export type QuestionWords = z.infer<typeof questionWordsSchema>;

/** Reads and validates `question-words.yaml` from the knowledge directory; errors name the field. */
export async function loadQuestionWords(knowledgeDir: string): Promise<QuestionWords> {
  const path = `${knowledgeDir}/question-words.yaml`;
  const parsed = questionWordsSchema.safeParse(parse(await readFile(path, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${path}: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}
