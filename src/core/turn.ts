/** @module What a channel hands the coach, and what it gets back. No transport types here. */

/** The languages Cunbo speaks. */
export type Language = 'zh' | 'en';

/** Where a turn came from. */
export type Channel = 'telegram' | 'terminal' | 'cli';

/** One message from a user, in channel-neutral form. */
export interface Turn {
  /** Channel-qualified and stable, e.g. `tg:123456` or `term:alice`. */
  userId: string;
  channel: Channel;
  displayName?: string;
  /** The client's language setting (e.g. Telegram's `language_code`), used when the text does not tell. */
  languageHint?: string;
  text: string;
}

/** A lesson an answer drew on. */
export interface Citation {
  id: string;
  title: string;
  track: string;
  /**
   * The markers (`[n]`) in the answer's text that point at this lesson, lowest first; absent when the text
   * has none (a trainer's approved answer names its lesson without markers).
   */
  refs?: readonly number[];
}

/**
 * How a list of sources labels `citation`, the `index`th: by the markers the text uses for it ("[1][3]"),
 * so a reader matches them at a glance, or else by its place ("2.").
 */
export function citationLabel(citation: Citation, index: number): string {
  return citation.refs?.length ? citation.refs.map((n) => `[${n}]`).join('') : `${index + 1}.`;
}

/** How an answer was produced (`approved`: a trainer's approved answer, see docs/knowledge-loop.md). */
export type AnswerMode = 'model' | 'offline' | 'declined' | 'apology' | 'approved';

/** The coach's finished answer. */
export interface Reply {
  text: string;
  language: Language;
  citations: Citation[];
  mode: AnswerMode;
  /** True when the knowledge base did not cover the question and the coach said so. */
  abstained: boolean;
  /** The turn's id in the turn log, once recorded (feedback refers to it). */
  turnId?: string;
}

/** An answer being written: iterate for text deltas as they arrive; `final` resolves with the whole reply. */
export interface ReplyStream extends AsyncIterable<string> {
  final: Promise<Reply>;
}
