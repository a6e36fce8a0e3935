/** @module Whole lessons, for users who want to read more than the answer quoted. */
import type { Language } from './turn.ts';

/** A lesson as a reader sees it. */
export interface LessonText {
  id: string;
  title: string;
  track: string;
  lang: Language;
  /** The lesson body as Markdown (no front matter). */
  markdown: string;
}

/** Looks lessons up by id. */
export interface LessonLibrary {
  lesson(id: string): LessonText | undefined;
}
