/**
 * @module Webhook delivery for the fake Bot API, as Telegram does it: while a webhook is set, pending
 * updates are POSTed with the `X-Telegram-Bot-Api-Secret-Token` header; one chat's updates one at a time and
 * in order, different chats in parallel (up to `max_connections`); an update is retried until a 2xx.
 *
 * The registered URL must be https (as Telegram insists) and so cannot be reached on loopback; tests name
 * the plain-http URLs to deliver to, as a TLS-terminating load balancer in front of several bot processes
 * would, and deliveries rotate over them.
 */
import type { Update } from 'grammy/types';
import type { FakeTelegram } from './state.ts';

/** One POST attempt. */
export interface WebhookDelivery {
  updateId: number;
  url: string;
  /** The HTTP status, or `error` when the request failed (refused, reset). */
  status: number | 'error';
  at: number;
}

/** Delivers the pending updates of one fake server. */
export class WebhookSender {
  /** Every attempt, in order. */
  readonly deliveries: WebhookDelivery[] = [];
  private targets: string[] = [];
  private turn = 0;
  private running: Promise<void> | undefined;
  private readonly state: FakeTelegram;
  private readonly maxAttempts: number;

  /** @param maxAttempts attempts per update before it is dropped, as Telegram eventually gives up */
  constructor(state: FakeTelegram, maxAttempts = 20) {
    this.state = state;
    this.maxAttempts = maxAttempts;
  }

  /** Starts delivering (while a webhook is set) to `urls`, in turn. */
  deliverTo(urls: readonly string[]): void {
    this.targets = [...urls];
    this.running ??= this.run();
  }

  /** POSTs `update` once more (a duplicate delivery) to the next target; resolves with the status. */
  async redeliver(update: Update): Promise<number | 'error'> {
    return this.post(update);
  }

  private async run(): Promise<void> {
    let offset = 0;
    const idle = new AbortController();
    while (!this.state.updates.isClosed) {
      if (!this.state.webhook || this.targets.length === 0) {
        await delay(20);
        continue;
      }
      const batch = await this.state.updates.poll({
        offset,
        limit: 100,
        timeoutMs: 200,
        signal: idle.signal,
      });
      if (batch.length === 0) continue;
      await this.deliverBatch(batch);
      offset = batch.at(-1)!.update_id + 1;
    }
  }

  private async deliverBatch(batch: Update[]): Promise<void> {
    const byChat = new Map<string, Update[]>();
    for (const update of batch) {
      const key = chatOf(update);
      byChat.set(key, [...(byChat.get(key) ?? []), update]);
    }
    const chains = [...byChat.values()];
    const connections = Math.max(1, this.state.webhook?.max_connections ?? 40);
    let next = 0;
    const lane = async () => {
      while (next < chains.length) {
        const chain = chains[next++]!;
        for (const update of chain) await this.deliverOne(update);
      }
    };
    await Promise.all(Array.from({ length: Math.min(connections, chains.length) }, lane));
  }

  private async deliverOne(update: Update): Promise<void> {
    for (let attempt = 0; attempt < this.maxAttempts && !this.state.updates.isClosed; attempt++) {
      const status = await this.post(update);
      if (typeof status === 'number' && status >= 200 && status < 300) return;
      await delay(Math.min(1_000, 50 * 2 ** attempt));
    }
  }

  private async post(update: Update): Promise<number | 'error'> {
    const url = this.targets[this.turn++ % this.targets.length]!;
    const secret = this.state.webhook?.secret_token;
    let status: number | 'error';
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(secret && { 'X-Telegram-Bot-Api-Secret-Token': secret }),
        },
        body: JSON.stringify(update),
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      status = response.status;
    } catch {
      status = 'error';
    }
    this.deliveries.push({ updateId: update.update_id, url, status, at: Date.now() });
    return status;
  }
}

/** The chat an update belongs to (its sender for inline queries), for per-chat ordering. */
function chatOf(update: Update): string {
  const id =
    update.message?.chat.id ??
    update.edited_message?.chat.id ??
    update.callback_query?.message?.chat.id ??
    update.callback_query?.from.id ??
    update.inline_query?.from.id;
  return String(id ?? `update-${update.update_id}`);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
