/** @module Where lessons live: `lessons/<track>/<NN>-<slug>.<lang>.md`, and what the path says about a lesson. */
import { type Language, type LessonIdentity, otherLanguage, type Track, tracks } from './schema.ts';

/** A lesson file's place in the knowledge base, from its path. */
export interface LessonLocation extends LessonIdentity {
  /** Relative to the knowledge directory. */
  path: string;
  slug: string;
  /** The path of the same lesson in the other language. */
  translationPath: string;
}

/** The location of the lesson at `path`, or why the path is not a lesson path. */
export function lessonLocation(path: string): { location: LessonLocation } | { problem: string } {
  const parts = path.split('/');
  if (parts.length !== 3 || parts[0] !== 'lessons') {
    return { problem: 'lessons go in lessons/<track>/<NN>-<slug>.<zh|en>.md' };
  }
  const [, folder, name] = parts as [string, string, string];
  if (!(tracks as readonly string[]).includes(folder)) {
    return { problem: `folder "${folder}" is not a track (expected one of ${tracks.join('|')})` };
  }
  const match = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.(zh|en)\.md$/.exec(name);
  if (!match) {
    return {
      problem: 'file name must be <NN>-<slug>.<zh|en>.md (slug: lowercase letters, digits and hyphens)',
    };
  }
  const [, number, slug, lang] = match as unknown as [string, string, string, Language];
  const track = folder as Track;
  return {
    location: {
      path,
      track,
      order: Number(number),
      slug,
      lang,
      id: `${track}-${slug}-${lang}`,
      translationPath: `lessons/${track}/${number}-${slug}.${otherLanguage(lang)}.md`,
    },
  };
}
