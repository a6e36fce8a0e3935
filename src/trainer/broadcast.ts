/**
 * @module Sending one message to many users within a channel's broadcast limits, channel-agnostic: a
 * paced loop over a `send(userId, text)` the channel supplies, and a runner that keeps broadcasts in the
 * background so shutdown can stop them and wait.
 *
 * Telegram allows about 30 messages a second to different chats; the default 25 leaves headroom for the
 * bot's ordinary replies. A flood-control answer (429 with `retry_after`) pauses every worker, not just the
 * one that got it, because the limit is per bot.
 */

/** What one send came to. `retryAfterMs`: the channel asked to slow down (Telegram's 429). */
export type SendOutcome = 'sent' | 'blocked' | 'failed' | { retryAfterMs: number };

/** Sends `text` to one user. Should not throw; a throw counts as `failed`. */
export type BroadcastSend = (userId: string, text: string) => Promise<SendOutcome>;

/** The delivery report. */
export interface BroadcastReport {
  recipients: number;
  sent: number;
  /** The user blocked the bot (Telegram's 403). */
  blocked: number;
  failed: number;
  /** Not attempted because the broadcast was stopped (shutdown). */
  skipped: number;
  blockedIds: string[];
  /** Wall time, ms. */
  ms: number;
}

/** How a broadcast is paced. */
export interface BroadcastOptions {
  /** Sends started per second, at most (default 25). */
  perSecond?: number;
  /** Sends in flight at once (default 4), so one slow answer does not stall the rest. */
  concurrency?: number;
  /** Retries of one recipient after a slow-down answer before it counts as failed (default 3). */
  maxRetries?: number;
  /** Stops taking new recipients when aborted; the report counts the rest as skipped. */
  signal?: AbortSignal;
  now?: () => number;
  /** Called after each recipient (e.g. progress logging). */
  onOutcome?: (userId: string, outcome: 'sent' | 'blocked' | 'failed') => void | Promise<void>;
}

/** Sends `text` to every recipient (each once) at no more than `perSecond`, honouring slow-down answers. */
export async function broadcast(
  recipients: readonly string[],
  text: string,
  send: BroadcastSend,
  {
    perSecond = 25,
    concurrency = 4,
    maxRetries = 3,
    signal,
    now = Date.now,
    onOutcome,
  }: BroadcastOptions = {},
): Promise<BroadcastReport> {
  const startedAt = now();
  const interval = 1000 / perSecond;
  const queue = [...new Set(recipients)];
  const report: BroadcastReport = {
    recipients: queue.length,
    sent: 0,
    blocked: 0,
    failed: 0,
    skipped: 0,
    blockedIds: [],
    ms: 0,
  };
  let nextSlot = startedAt;
  let pausedUntil = 0;
  let index = 0;

  // At most `perSecond` starts in any one-second window, also when a timer fires late: the last starts
  // are kept, and a worker that wakes early for the window waits again.
  const perWindow = Math.max(1, Math.floor(perSecond));
  const starts: number[] = [];
  const windowFreeAt = () => (starts.length >= perWindow ? starts[starts.length - perWindow]! + 1000 : 0);

  // Slots are reserved synchronously before the await, so concurrent workers spread out.
  async function slot(): Promise<boolean> {
    while (!signal?.aborted) {
      const at = Math.max(now(), nextSlot, pausedUntil, windowFreeAt());
      nextSlot = at + interval;
      // Timers have whole milliseconds: round up rather than wake a fraction early.
      const wait = Math.ceil(at - now());
      if (wait > 0) await sleep(wait, signal);
      if (signal?.aborted) return false;
      // A slow-down answer may have arrived while this worker waited: then its slot is void.
      const t = now();
      if (t >= pausedUntil && t >= windowFreeAt()) {
        starts.push(t);
        if (starts.length > perWindow) starts.shift();
        return true;
      }
    }
    return false;
  }

  async function deliver(userId: string): Promise<'sent' | 'blocked' | 'failed' | 'skipped'> {
    for (let attempt = 0; ; attempt++) {
      if (!(await slot())) return 'skipped';
      let outcome: SendOutcome;
      try {
        outcome = await send(userId, text);
      } catch {
        outcome = 'failed';
      }
      if (typeof outcome === 'string') return outcome;
      pausedUntil = Math.max(pausedUntil, now() + Math.max(0, outcome.retryAfterMs));
      if (attempt >= maxRetries) return 'failed';
    }
  }

  async function worker(): Promise<void> {
    while (index < queue.length) {
      const userId = queue[index++]!;
      const outcome = await deliver(userId);
      if (outcome === 'skipped') {
        report.skipped += 1;
        continue;
      }
      report[outcome] += 1;
      if (outcome === 'blocked') report.blockedIds.push(userId);
      await onOutcome?.(userId, outcome);
    }
  }

  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, queue.length)) }, worker));
  report.ms = now() - startedAt;
  return report;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Broadcasts running in the background, so a handler returns at once and shutdown can stop them. */
export interface BackgroundBroadcasts {
  /** Runs `task` in the background with a signal that `stop` aborts; errors go to `onError`. */
  start(task: (signal: AbortSignal) => Promise<unknown>): void;
  /** How many are running. */
  readonly running: number;
  /** Aborts every running broadcast (they stop taking recipients) and waits up to `timeoutMs` for them. */
  stop(timeoutMs?: number): Promise<void>;
}

/** Creates the runner. */
export function createBackgroundBroadcasts(onError: (error: unknown) => void): BackgroundBroadcasts {
  const tasks = new Set<Promise<unknown>>();
  const stopping = new AbortController();
  return {
    start(task) {
      if (stopping.signal.aborted) return;
      const running = task(stopping.signal).catch(onError);
      tasks.add(running);
      void running.finally(() => tasks.delete(running));
    },
    get running() {
      return tasks.size;
    },
    async stop(timeoutMs = 10_000) {
      stopping.abort();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...tasks]),
        new Promise((resolve) => {
          timer = setTimeout(resolve, timeoutMs);
        }),
      ]);
      clearTimeout(timer);
    },
  };
}
