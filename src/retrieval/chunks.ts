/**
 * @module Header-aware chunks: one per lesson section (long sections split at sentence ends), plus
 * glossary entries and tip situations. Every chunk keeps its lesson id, title, track, language and section,
 * and its text starts with a "title › section" breadcrumb so a passage makes sense on its own.
 */
import type { Language } from '../core/turn.ts';

/** A retrievable piece of the knowledge base. */
export interface Chunk {
  /** `<lessonId>#<n>`; unique. */
  id: string;
  /** The lesson (or `glossary-<lang>` / `tips-<lang>`) the chunk belongs to: what citations name. */
  lessonId: string;
  title: string;
  /** A track, or `glossary` / `tips`. */
  track: string;
  lang: Language;
  section: string;
  text: string;
  /** Extra words that describe the chunk (lesson tags, glossary term and aliases), indexed with a boost. */
  keywords: string[];
}

/** The lesson shape the chunker needs (the knowledge module's `Lesson` satisfies it). */
export interface ChunkableLesson {
  id: string;
  title: string;
  meta: { track: string; lang: Language; tags: readonly string[]; summary: string };
  intro: string;
  sections: ReadonlyArray<{ heading: string; level: number; text: string }>;
}

/**
 * Sections that do not answer questions: the quiz tests the learner and the tasks are homework; neither is
 * quoted in an answer.
 */
const skippedSections = new Set(['小测验', 'Quiz', '任务', 'Tasks']);

/** Target and hard limit for a chunk's body, in characters. */
const targetLength = 600;

/** Splits lessons into chunks. */
export function chunkLesson(lesson: ChunkableLesson): Chunk[] {
  const pieces: Array<{ section: string; text: string }> = [];
  const intro = [lesson.meta.summary, lesson.intro].filter(Boolean).join('\n');
  if (intro.trim()) pieces.push({ section: lesson.meta.lang === 'zh' ? '概要' : 'Overview', text: intro });
  let current: { section: string; text: string } | undefined;
  for (const section of lesson.sections) {
    if (section.level <= 2) {
      current = skippedSections.has(section.heading)
        ? undefined
        : { section: section.heading, text: section.text };
      if (current) pieces.push(current);
    } else if (current) {
      // A ### subsection belongs to its ## section.
      current.text += `\n${section.heading}\n${section.text}`;
    }
  }
  const chunks: Chunk[] = [];
  for (const piece of pieces) {
    for (const text of splitLongText(piece.text.trim(), targetLength)) {
      chunks.push({
        id: `${lesson.id}#${chunks.length + 1}`,
        lessonId: lesson.id,
        title: lesson.title,
        track: lesson.meta.track,
        lang: lesson.meta.lang,
        section: piece.section,
        text: `${lesson.title} › ${piece.section}\n${text}`,
        keywords: [...lesson.meta.tags],
      });
    }
  }
  return chunks;
}

/**
 * Splits text of more than `limit` characters at line or sentence ends into parts of roughly `limit`,
 * each starting with the previous part's last sentence so no fact is cut from its context.
 */
export function splitLongText(text: string, limit: number): string[] {
  if (text.length <= limit * 1.3) return text ? [text] : [];
  // Sentences with the line breaks that end them, so lists keep their lines; a quoted bad example
  // (❌"全网最低价！吃了补肾"❌) is never cut at its own punctuation.
  const sentences = text.match(/(?:❌[^❌\n]*❌|[^\n。！？!?❌])+(?:[。！？!?]+\n?|\n|$)|❌|\n/gu) ?? [text];
  const parts: string[] = [];
  let part = '';
  let last = '';
  for (const sentence of sentences) {
    if (part.length + sentence.length > limit && part.length > limit / 3) {
      parts.push(part.trim());
      part = last.length < limit / 3 ? last : '';
    }
    part += sentence;
    last = sentence;
  }
  if (part.trim()) parts.push(part.trim());
  return parts;
}

/** The glossary shape the chunker needs. */
export interface ChunkableGlossary {
  id: string;
  title: string;
  lang: Language;
  entries: ReadonlyArray<{ key: string; term: string; aliases: readonly string[]; text: string }>;
}

/** One chunk per glossary term; the term and its aliases are its keywords. */
export function chunkGlossary(glossary: ChunkableGlossary): Chunk[] {
  return glossary.entries.map((entry) => ({
    id: `${glossary.id}#${entry.key}`,
    lessonId: glossary.id,
    title: glossary.title,
    track: 'glossary',
    lang: glossary.lang,
    section: entry.term,
    text: `${glossary.title} › ${entry.term}\n${entry.term}${entry.aliases.length ? `（${entry.aliases.join('、')}）` : ''}：${entry.text}`,
    keywords: [entry.term, ...entry.aliases],
  }));
}

/** The tips shape the chunker needs. */
export interface ChunkableTips {
  id: string;
  title: string;
  lang: Language;
  situations: ReadonlyArray<{ key: string; title: string; tips: ReadonlyArray<{ text: string }> }>;
}

/** One chunk per situation (its tips as a list); long situations are split. */
export function chunkTips(tips: ChunkableTips): Chunk[] {
  return tips.situations.flatMap((situation) =>
    splitLongText(situation.tips.map((tip) => `- ${tip.text}`).join('\n'), targetLength).map((text, n) => ({
      id: `${tips.id}#${situation.key}-${n + 1}`,
      lessonId: tips.id,
      title: tips.title,
      track: 'tips',
      lang: tips.lang,
      section: situation.title,
      text: `${tips.title} › ${situation.title}\n${text}`,
      keywords: [situation.title],
    })),
  );
}
