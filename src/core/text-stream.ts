/** @module A push-based async iterable of text deltas, so producers and consumers run independently. */

/** Text written by one side and read, in order, by the other. Reading after `end` drains, then stops. */
export class TextStream implements AsyncIterable<string> {
  private readonly buffered: string[] = [];
  private waiting: (() => void) | undefined;
  private ended = false;

  /** Appends a delta; empty strings are dropped. */
  push(delta: string): void {
    if (this.ended || delta === '') return;
    this.buffered.push(delta);
    this.wake();
  }

  /** No more deltas will come. */
  end(): void {
    this.ended = true;
    this.wake();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<string> {
    while (true) {
      const next = this.buffered.shift();
      if (next !== undefined) {
        yield next;
        continue;
      }
      if (this.ended) return;
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
      });
    }
  }

  private wake(): void {
    const resolve = this.waiting;
    this.waiting = undefined;
    resolve?.();
  }
}
