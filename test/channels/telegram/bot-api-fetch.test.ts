/** The Bot API transport against a real loopback HTTP server: what grammY sends, and how failures surface. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createBotApiFetch } from '../../../src/channels/telegram/bot-api-fetch.ts';
import { listenOnLoopback } from '../../support/listen.ts';

type Handler = (req: IncomingMessage, body: Buffer, res: ServerResponse) => void;
let handler: Handler = (_req, _body, res) => res.end('{}');
const server = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  handler(req, Buffer.concat(chunks), res);
});
const root = `http://127.0.0.1:${await listenOnLoopback(server)}`;
const fetch = createBotApiFetch();
afterAll(async () => {
  await fetch.close();
  server.closeAllConnections();
  server.close();
});

describe('the Bot API transport', () => {
  it('posts the JSON body with its headers and reads the JSON answer, even an error status', async () => {
    let seen: { method?: string; type?: string; length?: string; chunked?: boolean; body?: string } = {};
    handler = (req, body, res) => {
      seen = {
        method: req.method,
        type: req.headers['content-type'],
        length: req.headers['content-length'],
        chunked: req.headers['transfer-encoding'] === 'chunked',
        body: body.toString('utf8'),
      };
      res.writeHead(429, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error_code: 429, parameters: { retry_after: 3 } }));
    };
    const response = await fetch(`${root}/bot1:abc/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chat_id: 1, text: '鹿茸怎么卖？' }),
    });
    // Sent whole, with its length in bytes (not chunked).
    expect(seen).toEqual({
      method: 'POST',
      type: 'application/json',
      length: '41',
      chunked: false,
      body: '{"chat_id":1,"text":"鹿茸怎么卖？"}',
    });
    expect(response.ok).toBe(false);
    expect(response.status).toBe(429);
    expect(await response.json()).toEqual({ ok: false, error_code: 429, parameters: { retry_after: 3 } });
  });

  it('streams an upload body (grammY sends multipart form data as a Readable)', async () => {
    let received = '';
    handler = (_req, body, res) => {
      received = body.toString('utf8');
      res.end('{"ok":true,"result":true}');
    };
    async function* parts() {
      yield new TextEncoder().encode('--b\r\n');
      yield new TextEncoder().encode('photo bytes\r\n--b--');
    }
    const response = await fetch(`${root}/bot1:abc/sendPhoto`, {
      method: 'POST',
      body: Readable.from(parts()),
    });
    expect(await response.json()).toEqual({ ok: true, result: true });
    expect(received).toBe('--b\r\nphoto bytes\r\n--b--');
  });

  it('gives up when aborted (shutdown stops a held getUpdates)', async () => {
    handler = () => {}; // never answers
    const stop = new AbortController();
    const pending = fetch(`${root}/bot1:abc/getUpdates`, { method: 'POST', body: '{}', signal: stop.signal });
    setTimeout(() => stop.abort(), 20);
    await expect(pending).rejects.toThrow(/abort/i);
  });

  it('fails, rather than waiting for ever, when the server drops the connection mid-answer', async () => {
    handler = (_req, _body, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"ok":');
      setTimeout(() => res.destroy(), 10);
    };
    await expect(fetch(`${root}/bot1:abc/getMe`, { method: 'POST', body: '{}' })).rejects.toThrow();
  });

  it('fails at once when nothing listens', async () => {
    const closed = createServer();
    const port = await listenOnLoopback(closed);
    await new Promise((resolve) => closed.close(resolve));
    await expect(fetch(`http://127.0.0.1:${port}/bot1:abc/getMe`, { method: 'POST' })).rejects.toThrow(
      /ECONNREFUSED/,
    );
  });
});
