/** The fake Bot API's webhook delivery: secret header, retry until 2xx, one chat in order, duplicates. */
import { createServer } from 'node:http';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startBotApiServer } from './bot-api-server.ts';
import { listenOnLoopback } from './listen.ts';

const received: { secret: string | undefined; update: { update_id: number; message?: { text?: string } } }[] =
  [];
let failFirst = 1;
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => {
    body += chunk;
  });
  req.on('end', () => {
    if (failFirst-- > 0) {
      res.writeHead(502).end();
      return;
    }
    received.push({
      secret: req.headers['x-telegram-bot-api-secret-token'] as string | undefined,
      update: JSON.parse(body),
    });
    res.writeHead(200).end();
  });
});
const port = await listenOnLoopback(receiver);
const api = await startBotApiServer();

afterAll(async () => {
  await api.close();
  await new Promise((resolve) => receiver.close(resolve));
});

describe('fake Bot API webhook delivery', () => {
  it('posts pending updates with the secret, retrying a non-2xx, one chat in order', async () => {
    const token = '123:abc';
    const set = await fetch(`${api.apiRoot}/bot${token}/setWebhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'https://hook.example.test/x', secret_token: 'sekret-0123456789abcdef' }),
    });
    expect(set.status).toBe(200);
    const ann = api.user({ id: 61, first_name: 'Ann' });
    for (const text of ['a', 'b', 'c']) ann.send(text);
    api.deliverWebhooksTo([`http://127.0.0.1:${port}/x`]);
    const deadline = Date.now() + 5_000;
    // The sender records a delivery when its answer arrives, a moment after the receiver has the update.
    while ((received.length < 3 || api.webhookDeliveries.length < 4) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect(received.map((r) => r.update.message?.text)).toEqual(['a', 'b', 'c']);
    expect(received.every((r) => r.secret === 'sekret-0123456789abcdef')).toBe(true);
    expect(api.webhookDeliveries.map((d) => d.status)).toEqual([502, 200, 200, 200]);
    // Delivered updates are confirmed when the sender asks for the next ones, as Telegram drops them.
    const pending = async () =>
      (
        (await (await fetch(`${api.apiRoot}/bot${token}/getWebhookInfo`)).json()) as {
          result: { pending_update_count: number };
        }
      ).result.pending_update_count;
    await vi.waitFor(async () => expect(await pending()).toBe(0), { timeout: 5_000, interval: 20 });

    expect(await api.redeliver(received[0]!.update as never)).toBe(200);
    expect(received.map((r) => r.update.update_id)).toEqual([1, 2, 3, 1]);
  });
});
