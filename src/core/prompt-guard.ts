/**
 * @module Keeping the system prompt out of replies. Whatever a message or a knowledge file says, a model
 * answer that starts quoting the prompt's own wording is cut off before that wording reaches the user, and
 * the knowledge base answers instead.
 *
 * What this guarantees: no run of `window` characters (whitespace folded, case ignored) of the prompt
 * templates' fixed text is ever shown, in the streamed drafts or the final message. A paraphrase is not
 * caught; the prompt itself tells the model not to discuss its instructions, and `knowledge/scope.yaml`
 * declines the plain requests before a model sees them.
 */

/** Watches one answer as it streams. */
export interface LeakWatch {
  /** Adds model text; returns the text now safe to show (held back until it cannot complete a leak). */
  push(delta: string): string;
  /** The end of the answer: the rest of the text, or '' after a leak. */
  flush(): string;
  /** True once the text contained protected wording. */
  readonly leaked: boolean;
}

/** Detects protected prompt wording in model output. */
export interface PromptGuard {
  /** True when `text` contains a run of protected wording. */
  leaks(text: string): boolean;
  /** A watcher for one streamed answer. */
  watch(): LeakWatch;
}

/**
 * Builds a guard from prompt templates (their `{{slots}}` are not protected: they hold the user's own
 * profile and knowledge-base passages, which the user may see).
 *
 * @param window length of the shortest run that counts as a leak (default 24 characters)
 */
export function createPromptGuard(templates: readonly string[], window = 24): PromptGuard {
  const shingles = new Set<string>();
  // Beginnings of protected runs: streamed text ending in one is held back until it is clear.
  const starts = new Set<string>();
  for (const template of templates) {
    for (const part of template.split(/\{\{\w+\}\}/)) {
      const text = fold(part);
      for (let i = 0; i + window <= text.length; i++) {
        const run = text.slice(i, i + window);
        shingles.add(run);
        for (let n = 1; n < window; n++) starts.add(run.slice(0, n));
      }
    }
  }
  /** How many characters at the end of `text` could be the beginning of a protected run. */
  const pending = (text: string): number => {
    for (let k = Math.min(text.length, 2 * window); k > 0; k--) {
      const tail = fold(text.slice(-k));
      if (tail.length < window && starts.has(tail)) return k;
    }
    return 0;
  };
  const leaks = (text: string): boolean => {
    const folded = fold(text);
    for (let i = 0; i + window <= folded.length; i++)
      if (shingles.has(folded.slice(i, i + window))) return true;
    return false;
  };
  return {
    leaks,
    watch() {
      let text = '';
      let shown = 0;
      let checked = 0;
      let leaked = false;
      return {
        get leaked() {
          return leaked;
        },
        push(delta) {
          if (leaked) return '';
          text += delta;
          // Only runs that end in the new text can be new; start a little early for folded whitespace.
          const from = Math.max(0, checked - window - 1);
          checked = text.length;
          if (leaks(text.slice(from))) {
            leaked = true;
            return '';
          }
          // Hold back an ending that could be the start of a leak the next delta completes.
          const safe = Math.max(shown, text.length - pending(text));
          const out = text.slice(shown, safe);
          shown = safe;
          return out;
        },
        flush() {
          if (leaked) return '';
          const out = text.slice(shown);
          shown = text.length;
          return out;
        },
      };
    },
  };
}

/** Whitespace folded to single spaces and lower case, so reflowed or re-cased quotes still match. */
function fold(text: string): string {
  return text.replace(/\s+/g, ' ').toLowerCase();
}
