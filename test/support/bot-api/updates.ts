/**
 * @module The pending-update queue behind `getUpdates`, with Telegram's long-polling semantics.
 *
 * Updates stay queued until a later `getUpdates` confirms them with `offset`; delivering an update does not
 * remove it. A poll with `timeout` is held until an update arrives, the timeout passes, the client hangs
 * up, or the server closes.
 */
import type { Update } from 'grammy/types';

/** An update as written by a test: `update_id` is assigned by the queue. */
export type UpdateInput = Omit<Update, 'update_id'> & { update_id?: number };

/** The update types Telegram delivers when `allowed_updates` is empty or never set. */
const notByDefault = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

/** Options of one `getUpdates` call, already parsed. */
export interface PollOptions {
  offset?: number;
  limit: number;
  timeoutMs: number;
  /** Ends the wait early, answering the updates available by then (usually none). */
  signal: AbortSignal;
}

/** The queue of updates not yet confirmed by the bot. */
export class UpdateQueue {
  /** Queued updates from `head` on, in `update_id` order; those before `head` are confirmed. */
  private pending: Update[] = [];
  private head = 0;
  private nextId = 1;
  private allowed: Set<string> | undefined;
  /** Updates delivered whatever `allowed_updates` says (see `push`). */
  private readonly forced = new Set<number>();
  private readonly wakers = new Set<() => void>();
  private closed = false;

  /**
   * Queues an update under the next `update_id` (any id it carries is replaced) and wakes held polls.
   *
   * @param options.ignoreAllowed deliver it even if `allowed_updates` excludes its type (as a webhook set up
   * without `allowed_updates`, or a future update type, would): for robustness tests
   */
  push(input: UpdateInput, { ignoreAllowed = false }: { ignoreAllowed?: boolean } = {}): Update {
    const update = { ...input, update_id: this.nextId++ } as Update;
    if (ignoreAllowed) this.forced.add(update.update_id);
    this.pending.push(update);
    for (const wake of [...this.wakers]) wake();
    return update;
  }

  /** How many updates wait for confirmation (`getWebhookInfo.pending_update_count`). */
  get size(): number {
    return this.pending.length - this.head;
  }

  /** Forgets every pending update (`deleteWebhook({ drop_pending_updates: true })`). */
  clear(): void {
    this.pending = [];
    this.head = 0;
  }

  /** Remembers `allowed_updates` like Telegram: an empty list means the default set, omitted keeps the last. */
  setAllowed(list: readonly string[] | undefined): void {
    if (list === undefined) return;
    this.allowed = list.length === 0 ? undefined : new Set(list);
  }

  /** Answers one `getUpdates` call. */
  async poll({ offset, limit, timeoutMs, signal }: PollOptions): Promise<Update[]> {
    this.confirm(offset);
    const deadline = Date.now() + timeoutMs;
    while (true) {
      const batch = this.take(limit);
      if (batch.length > 0 || this.closed || signal.aborted || Date.now() >= deadline) return batch;
      await this.waitForPush(deadline - Date.now(), signal);
    }
  }

  /** True once `close()` was called. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Releases every held poll (with no updates) and answers later polls at once. */
  close(): void {
    this.closed = true;
    for (const wake of [...this.wakers]) wake();
  }

  // Both walk only the updates they confirm or hand out, not the whole queue: a benchmark queues thousands.
  private confirm(offset: number | undefined): void {
    if (offset === undefined || offset === 0) return;
    if (offset < 0) {
      // "-N": keep only the last N updates; everything before is forgotten.
      this.head = Math.max(this.head, this.pending.length + offset);
    } else {
      while (this.head < this.pending.length && this.pending[this.head]!.update_id < offset) this.head++;
    }
    if (this.head > 1_024 && this.head * 2 > this.pending.length) {
      this.pending = this.pending.slice(this.head);
      this.head = 0;
    }
  }

  private take(limit: number): Update[] {
    const batch: Update[] = [];
    for (let i = this.head; i < this.pending.length && batch.length < limit; ) {
      const update = this.pending[i]!;
      if (this.isAllowed(update)) {
        batch.push(update);
        i++;
      } else {
        // Telegram never creates updates of types the bot did not allow; drop them as if they never existed.
        this.pending.splice(i, 1);
      }
    }
    return batch;
  }

  private isAllowed(update: Update): boolean {
    if (this.forced.has(update.update_id)) return true;
    const type = Object.keys(update).find((key) => key !== 'update_id');
    if (type === undefined) return false;
    return this.allowed ? this.allowed.has(type) : !notByDefault.has(type);
  }

  private waitForPush(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      signal.addEventListener('abort', done);
      this.wakers.add(done);
    });
  }
}
