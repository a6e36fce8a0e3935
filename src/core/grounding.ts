/** @module The coach's view of the knowledge base: passages for a question, and an answer without a model. */
import type { HistoryEntry } from '../memory/history.ts';
import type { Citation, Language } from './turn.ts';

/** One retrieved piece of a lesson, numbered as the model sees it. */
export interface Passage {
  /** 1-based number used in citations `[n]`. */
  n: number;
  lessonId: string;
  title: string;
  track: string;
  section: string;
  text: string;
  score: number;
}

/** What retrieval found for one question. */
export interface Grounded {
  /** The query actually searched (rewritten from recent turns for a follow-up). */
  query: string;
  passages: Passage[];
  /** Every lesson retrieval found, best first (passages are the top of this). */
  lessonIds: string[];
  /** False when the best match is too weak: the knowledge base does not cover the question. */
  covered: boolean;
  /** Set for requests Cunbo declines (weather, homework, diagnosis, fake reviews …): what to say instead. */
  decline?: { key: string; message: string };
  /** Best retrieval score and its query coverage, for logs and calibration. */
  topScore: number;
  topCoverage: number;
}

/** An answer composed without a model. */
export interface OfflineAnswer {
  text: string;
  citations: Citation[];
  abstained: boolean;
}

/** What retrieval may tailor to the learner. */
export interface Personalisation {
  /** Prefer the deer-product worked examples (true), the other-farm-product ones (false), or neither. */
  deerExamples?: boolean;
}

/** The knowledge base as the coach uses it. */
export interface Grounding {
  find(
    question: string,
    language: Language,
    history: readonly HistoryEntry[],
    personal?: Personalisation,
  ): Promise<Grounded>;
  /** An extractive answer from the passages, in `language`, with citations. */
  answerOffline(grounded: Grounded, language: Language): OfflineAnswer;
  /** Citation for a lesson id, if it exists. */
  cite(lessonId: string): Citation | undefined;
}
