/**
 * @module The front matter of knowledge-base files as zod schemas (knowledge/README.md), with the value
 * lists they use. `lessonMetaSchemaFor` and `referenceMetaSchemaFor` also tie a file's ids to its path.
 */
import { z } from 'zod';
import { show } from './problem.ts';

/** Teaching tracks, in teaching order. */
export const tracks = ['account', 'video', 'traffic', 'live', 'compliance'] as const;
/** A teaching track. */
export type Track = (typeof tracks)[number];

/** Languages every lesson, the glossary and the tips come in. */
export const languages = ['zh', 'en'] as const;
/** A knowledge-base language. */
export type Language = (typeof languages)[number];

/** Lesson levels. */
export const levels = ['beginner', 'intermediate', 'advanced'] as const;
/** A lesson level. */
export type Level = (typeof levels)[number];

/** Platforms a lesson can be about. */
export const platforms = ['douyin', 'kuaishou', 'channels', 'xiaohongshu', 'all'] as const;
/** A platform. */
export type Platform = (typeof platforms)[number];

/** The other language: `zh` ↔ `en`. */
export function otherLanguage(lang: Language): Language {
  return lang === 'zh' ? 'en' : 'zh';
}

/** The same id in the other language: `account-platforms-zh` → `account-platforms-en`. */
export function translatedId(id: string, lang: Language): string {
  return `${id.replace(/-(?:zh|en)$/, '')}-${otherLanguage(lang)}`;
}

function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** A `YYYY-MM-DD` date. (YAML's core schema reads an unquoted 2026-11-29 as text, which is what we want.) */
export const dateSchema = z
  .string('expected a date YYYY-MM-DD')
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'expected a date YYYY-MM-DD', abort: true })
  .refine(isCalendarDate, 'expected a real date YYYY-MM-DD');

const lessonIdPattern = /^[a-z]+-[a-z0-9]+(?:-[a-z0-9]+)*-(?:zh|en)$/;
const text = z.string('expected text').trim().min(1, 'expected text');

/** Lesson front matter, field by field (cross-field rules are in {@link lessonMetaIssues}). */
export const lessonMetaFields = z.strictObject({
  id: z.string('expected text').regex(lessonIdPattern, 'expected <track>-<slug>-<lang>'),
  title: text,
  track: z.enum(tracks),
  lang: z.enum(languages),
  order: z.number('expected a whole number').int('expected a whole number').min(1, 'expected 1 or more'),
  level: z.enum(levels),
  platforms: z
    .array(z.enum(platforms), 'expected a list like [douyin, kuaishou]')
    .min(1, 'expected a platform'),
  tags: z.array(text, 'expected a list like [抖音, 开店]').min(1, 'expected a tag'),
  summary: text,
  updated: dateSchema,
  translation: z.string('expected text').regex(lessonIdPattern, 'expected <track>-<slug>-<lang>'),
  rules_checked: dateSchema.optional(),
});

/** A broken cross-field rule: the field it is reported on, and what was expected. */
export interface FieldIssue {
  field: string;
  message: string;
}

/** What a lesson's path says its front matter must hold. */
export interface LessonIdentity {
  id: string;
  track: Track;
  lang: Language;
  order: number;
}

/**
 * The cross-field rules of lesson front matter. With `identity` (from the file path) the id, track, lang
 * and order must match the path; without it the id must start with the track and end with the lang. Either
 * way `translation` must be the lesson's id in the other language.
 */
export function lessonMetaIssues(
  meta: z.infer<typeof lessonMetaFields>,
  identity?: LessonIdentity,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (identity) {
    const sources = {
      id: 'from the file path',
      track: "the lesson's folder",
      lang: 'from the file name',
      order: 'from the file name',
    };
    for (const field of ['id', 'track', 'lang', 'order'] as const) {
      if (meta[field] !== identity[field])
        issues.push({ field, message: `expected ${show(identity[field])} (${sources[field]})` });
    }
  } else {
    if (!meta.id.startsWith(`${meta.track}-`))
      issues.push({ field: 'id', message: `expected an id starting with "${meta.track}-"` });
    if (!meta.id.endsWith(`-${meta.lang}`))
      issues.push({ field: 'id', message: `expected an id ending with "-${meta.lang}"` });
  }
  // The id's own language suffix decides (the lang field is checked against it above).
  const id = identity?.id ?? meta.id;
  const expected = translatedId(id, id.endsWith('-zh') ? 'zh' : 'en');
  if (meta.translation !== expected) {
    issues.push({
      field: 'translation',
      message: `expected "${expected}" (this lesson's id in the other language)`,
    });
  }
  return issues;
}

/** Adds cross-field issues to a zod schema. */
function refined<S extends z.ZodType>(schema: S, issues: (value: z.output<S>) => FieldIssue[]) {
  return schema.superRefine((value, ctx) => {
    for (const { field, message } of issues(value)) ctx.addIssue({ code: 'custom', path: [field], message });
  });
}

/** Lesson front matter with every rule; with `identity`, also tied to the file's path. */
export function lessonMetaSchemaFor(identity?: LessonIdentity) {
  return refined(lessonMetaFields, (meta) => lessonMetaIssues(meta, identity));
}

/** Lesson front matter, without the checks against the file path. */
export const lessonMetaSchema = lessonMetaSchemaFor();

/** A lesson's front matter. */
export type LessonMeta = z.infer<typeof lessonMetaFields>;

/** Glossary and tips front matter, field by field. */
export const referenceMetaFields = z.strictObject({
  id: z.string('expected text'),
  title: text,
  lang: z.enum(languages),
  updated: dateSchema,
  translation: z.string('expected text'),
});

/** The front matter of the glossary or the tips. */
export type ReferenceMeta = z.infer<typeof referenceMetaFields>;

/** Which reference file: the glossary or the tips. */
export type ReferenceKind = 'glossary' | 'tips';

/**
 * The cross-field rules of glossary and tips front matter: `id: <kind>-<lang>` and
 * `translation: <kind>-<other lang>`; with `lang` (from the file name) the `lang` field must match it.
 */
export function referenceMetaIssues(kind: ReferenceKind, meta: ReferenceMeta, lang?: Language): FieldIssue[] {
  const language = lang ?? meta.lang;
  const expected = {
    lang: [language, 'from the file name'],
    id: [`${kind}-${language}`, 'from the file name'],
    translation: [`${kind}-${otherLanguage(language)}`, 'the same file in the other language'],
  } as const;
  return (['lang', 'id', 'translation'] as const).flatMap((field) =>
    meta[field] === expected[field][0]
      ? []
      : [{ field, message: `expected "${expected[field][0]}" (${expected[field][1]})` }],
  );
}

/** Glossary or tips front matter with every rule; with `lang`, also tied to the file name. */
export function referenceMetaSchemaFor(kind: ReferenceKind, lang?: Language) {
  return refined(referenceMetaFields, (meta) => referenceMetaIssues(kind, meta, lang));
}

/** Glossary front matter. */
export const glossaryMetaSchema = referenceMetaSchemaFor('glossary');
/** Tips front matter. */
export const tipsMetaSchema = referenceMetaSchemaFor('tips');
