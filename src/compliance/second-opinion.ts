/**
 * @module A model's second opinion on a text the rules checked: problems the word lists cannot see
 * (a claim made without any listed word). Shown as advice, labelled as the model's, never as a verdict.
 */
import { z } from 'zod';
import type { ModelEndpoint } from '../config/config.ts';
import type { Language } from '../core/turn.ts';
import { createStructuredModel } from '../llm/structured-model.ts';
import type { PromptLibrary } from '../prompts/prompt-library.ts';

const reviewSchema = z.object({
  issues: z
    .array(z.object({ quote: z.string().min(1).max(200), reason: z.string().min(1).max(300) }))
    .max(10)
    .default([]),
});

/** A problem the model found. */
export type ReviewIssue = z.infer<typeof reviewSchema>['issues'][number];

/** Reviews a text; resolves to the model's issues whose quote really occurs in the text. */
export type SecondOpinion = (text: string, language: Language) => Promise<ReviewIssue[]>;

/** A reviewer over an OpenAI-compatible endpoint. */
export function createSecondOpinion(
  endpoint: ModelEndpoint & { timeoutMs: number },
  prompts: PromptLibrary,
): SecondOpinion {
  const review = createStructuredModel({ endpoint, schema: reviewSchema, name: 'compliance_review' });
  return async (text, language) => {
    const result = await review([
      {
        role: 'system',
        content: prompts.render('compliance-review', { language: language === 'zh' ? 'Chinese' : 'English' }),
      },
      { role: 'user', content: text },
    ]);
    // A quote the text does not contain is the model's invention: drop it.
    return result.issues.filter((issue) => text.includes(issue.quote));
  };
}
