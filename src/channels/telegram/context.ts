/** @module The grammY context type every Cunbo feature uses. */
import type { Context } from 'grammy';

/** What the limits said about this update's question, for the features that answer it. */
export interface AdmissionFlavor {
  /** Set when the limits admitted a question: whether today's token budget still allows the model. */
  admission?: { modelAllowed: boolean };
}

/** Cunbo's context: grammY's, with the limits' admission. */
export type BotContext = Context & AdmissionFlavor;
