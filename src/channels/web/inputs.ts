/**
 * @module The dashboard's query strings and forms, validated with zod. A bad value is a 400 naming the
 * field and what was expected, never a 500.
 */
import { z } from 'zod';
import { tracks } from '../../knowledge/schema.ts';
import { stages } from '../../learning/profile.ts';
import { maxApprovedAnswer } from '../../trainer/approved-answers.ts';

// An unselected <select> or empty <input> sends "": that means "not given".
const blank = (value: unknown) => (value === '' ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blank, schema.optional());

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), 'expected a real date YYYY-MM-DD');

/** A cohort code as `cohorts.create` makes them. */
export const cohortCode = z.string().regex(/^[a-z0-9]{1,32}$/, 'expected a cohort code like k7m2qp');
/** A learner id like `tg:12345`. */
export const learnerId = z.string().regex(/^[a-z]+:[\w.-]{1,64}$/, 'expected a learner id like tg:12345');
const flag = optional(z.enum(['1', 'on'], 'expected 1 or nothing')).transform((value) => value !== undefined);

/** `?lang=` on any page. */
export const langQuery = optional(z.enum(['zh', 'en'], 'expected zh or en'));

/** The overview's filters. */
export const overviewQuery = z.object({
  cohort: optional(cohortCode),
  days: optional(z.coerce.number().int().min(1).max(90, 'expected 1 to 90 days')).transform((d) => d ?? 7),
});

/** The learners table's filters. */
export const learnersQuery = z.object({
  cohort: optional(cohortCode),
  stage: optional(z.enum([...stages, '-'], `expected one of ${stages.join(', ')}`)),
});

/** The learner page. */
export const learnerQuery = z.object({ id: learnerId });

/** The log viewer's and the export's filters. */
export const logQuery = z
  .object({
    cohort: optional(cohortCode),
    user: optional(learnerId),
    from: optional(day),
    to: optional(day),
    track: optional(z.enum(tracks, `expected one of ${tracks.join(', ')}`)),
    notCovered: flag,
    down: flag,
    q: optional(z.string().trim().max(200, 'expected at most 200 characters')),
    page: optional(z.coerce.number().int().min(1).max(10_000)).transform((p) => p ?? 1),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    message: 'expected "from" on or before "to"',
    path: ['from'],
  });

/** The log filters, as parsed. */
export type LogQuery = z.infer<typeof logQuery>;

const csrf = z.string().min(1, 'expected the form token');

/** Sign-in form. */
export const signInForm = z.object({
  token: z.string().regex(/^[\w-]{20,100}$/, 'expected a sign-in token'),
});

/** Logout form. */
export const logoutForm = z.object({ csrf });

/** Approving an answer (to a gap, or to a 👎'd turn). */
export const approveForm = z.object({
  csrf,
  question: z.string().trim().min(1, 'expected the question').max(1_000),
  answer: z
    .string()
    .trim()
    .min(1, 'expected an answer')
    .max(maxApprovedAnswer, `expected at most ${maxApprovedAnswer} characters`),
  language: optional(z.enum(['zh', 'en'])),
  /** The gap group's key, or the turn id. */
  ref: z.string().trim().min(1).max(200),
  kind: z.enum(['gap', 'feedback']),
  lesson: optional(
    z
      .string()
      .trim()
      .regex(/^[a-z0-9-]{1,80}$/, 'expected a lesson id like live-opening-zh'),
  ),
  back: optional(z.string().regex(/^\/dashboard\/[\w/?=&%.:+-]*$/, 'expected a dashboard path')),
  /** `1`: the trainer saw what the checker flagged and approves the text as written. */
  confirm: optional(z.enum(['1'], 'expected 1 or nothing')),
});

/** An approval as parsed. */
export type ApproveInput = z.infer<typeof approveForm>;

/** Marking a gap handled (optionally naming a lesson) or reopening it. */
export const gapForm = z.object({
  csrf,
  key: z.string().trim().min(1).max(200),
  lesson: optional(
    z
      .string()
      .trim()
      .regex(/^[a-z0-9-]{1,80}$/, 'expected a lesson id like live-opening-zh'),
  ),
});

/** Readable lines for a zod error: `field: message`. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`);
}
