/** @module The coach's view of the knowledge base: passages for a question, and an answer without a model. */
import type { HistoryEntry } from '../memory/history.ts';
import type { Understood } from '../understanding/reader.ts';
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
  /** The query actually searched (for a follow-up: "previous → re-asked"). */
  query: string;
  /** How the question was read: intent, platforms, products, the words that carry the ask. */
  understood: Understood;
  passages: Passage[];
  /** Every lesson retrieval found, best first (passages are the top of this). */
  lessonIds: string[];
  /** False when the best passage does not hold what the question asks: the knowledge base does not cover it. */
  covered: boolean;
  /** Set for requests Cunbo declines (weather, homework, diagnosis, fake reviews …): what to say instead. */
  decline?: { key: string; message: string };
  /** Best retrieval score, and the best passage's share of the ask, for logs and calibration. */
  topScore: number;
  topCoverage: number;
  /** The idf mass of the ask words the best passage holds (a long question's informative words). */
  topMatch: number;
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
  /** The platforms the learner sells on: their sections and lines come first when the question names none. */
  platforms?: readonly string[];
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
  answerOffline(grounded: Grounded, language: Language, personal?: Personalisation): OfflineAnswer;
  /** Citation for a lesson id, if it exists. */
  cite(lessonId: string): Citation | undefined;
}
