/** @module The grammY context type every Cunbo feature uses. */
import type { Context } from 'grammy';
import type { UserContext } from '../../memory/conversation-memory.ts';

/** What the limits said about this update's question, for the features that answer it. */
export interface AdmissionFlavor {
  /** Set when the limits admitted a question: whether today's token budget still allows the model. */
  admission?: { modelAllowed: boolean };
}

/** The learner as read for this update, so the features that answer it need not read it again. */
export interface LearnerFlavor {
  /** Set by the onboarding check on a plain private text, and handed to the coach. */
  learner?: UserContext;
}

/** Cunbo's context: grammY's, with the limits' admission and the learner read for this update. */
export type BotContext = Context & AdmissionFlavor & LearnerFlavor;
