/** @module The knowledge base's front matter, as zod schemas (see knowledge/README.md). */
import { z } from 'zod';

/** Teaching tracks, in order. */
export const tracks = ['account', 'video', 'traffic', 'live', 'compliance'] as const;
/** Lesson languages. */
export const languages = ['zh', 'en'] as const;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date like 2026-11-29');
// YAML reads an unquoted 2026-11-29 as a string in its core schema, but be tolerant of Date objects too.
const date = z.preprocess(
  (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value),
  isoDate,
);

/** A lesson's front matter. */
export const lessonMetaSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+-(zh|en)$/, 'expected <track>-<slug>-<lang>'),
  title: z.string().min(1),
  track: z.enum(tracks),
  lang: z.enum(languages),
  order: z.number().int().positive(),
  level: z.enum(['beginner', 'intermediate', 'advanced']),
  platforms: z.array(z.enum(['douyin', 'kuaishou', 'channels', 'xiaohongshu', 'all'])).min(1),
  tags: z.array(z.string().min(1)).min(1),
  summary: z.string().min(1),
  updated: date,
  translation: z.string().regex(/^[a-z0-9-]+-(zh|en)$/, 'expected the id of the translated lesson'),
  rules_checked: date.optional(),
});

/** Lesson front matter. */
export type LessonMeta = z.infer<typeof lessonMetaSchema>;

/** Glossary and tips front matter. */
export const referenceMetaSchema = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  lang: z.enum(languages),
  updated: date,
  translation: z.string().min(1),
});

/** Glossary or tips front matter. */
export type ReferenceMeta = z.infer<typeof referenceMetaSchema>;
