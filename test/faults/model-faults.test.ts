/**
 * The model failing through the real bot: 5xx and 429 are retried with exponential backoff (a 429's
 * Retry-After honoured up to the cap), timeouts are not; when the model still fails the user gets the
 * knowledge base's own grounded answer, never an error.
 */
import { describe, expect, it } from 'vitest';
import type { OpenAiRequest } from '../support/openai-server.ts';
import { offlineLead, useBotWorld } from '../support/test-bot.ts';

const world = useBotWorld({ extra: { LLM_MAX_RETRIES: '2', LLM_TIMEOUT_MS: '600' } });
const question = '直播间没人说话怎么办？';

/** The line the knowledge base's own answer leads with, as the bot gives it offline. */
const offlineHeading = () => offlineLead(world.bot.app, question, 'zh');

/** Chat-completion requests that arrived after `from`. */
function chatCallsSince(from: number): OpenAiRequest[] {
  return world.openai.requests.slice(from).filter((r) => r.path === '/v1/chat/completions');
}

async function modelErrors(kind: string): Promise<number> {
  const { body } = await world.bot.app.metrics.expose();
  return Number(new RegExp(`^cunbo_model_errors_total\\{kind="${kind}"\\} (\\d+)$`, 'm').exec(body)![1]);
}

let nextUser = 77_001;
function learner() {
  return world.api.user({ id: nextUser++, first_name: '学员', language_code: 'zh-hans' });
}

describe('model faults', () => {
  it('5xx: three tries with growing gaps, then the grounded offline answer', async () => {
    world.openai.setChatHandler(() => ({ status: 503, error: 'overloaded' }));
    const from = world.openai.requests.length;
    const errorsBefore = await modelErrors('5xx');
    const user = learner();
    user.send(question);
    const reply = await user.waitForMessage(undefined, 10_000);
    world.openai.setChatHandler();

    const calls = chatCallsSince(from);
    expect(calls).toHaveLength(3);
    const gaps = [calls[1]!.at - calls[0]!.at, calls[2]!.at - calls[1]!.at];
    expect(gaps[0]).toBeGreaterThanOrEqual(480);
    expect(gaps[1]).toBeGreaterThanOrEqual(980);
    expect(gaps[1]).toBeGreaterThan(gaps[0]!);
    expect(await modelErrors('5xx')).toBe(errorsBefore + 3);
    expect(reply.text).toContain(await offlineHeading());
    expect(reply.text).toMatch(/出处/);
    expect(reply.text).not.toMatch(/抱歉/);
    const [turn] = await world.bot.app.memory.recentTurns(1);
    expect(turn).toMatchObject({ mode: 'offline', question });
    expect(turn!.error).toMatch(/503/);
  });

  it('429: waits the Retry-After, then the model answers', async () => {
    let calls = 0;
    world.openai.setChatHandler(() =>
      ++calls === 1 ? { status: 429, error: 'Rate limit reached', retryAfter: 1 } : '先跟观众打招呼 [1]。',
    );
    const from = world.openai.requests.length;
    const user = learner();
    user.send(question);
    const reply = await user.waitForMessage(undefined, 10_000);
    world.openai.setChatHandler();
    const sent = chatCallsSince(from);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.at - sent[0]!.at).toBeGreaterThanOrEqual(990);
    expect(reply.text).toMatch(/^先跟观众打招呼/);
  });

  it('429 with a Retry-After beyond the cap: no wait, the offline answer at once', async () => {
    world.openai.setChatHandler(() => ({ status: 429, error: 'Rate limit reached', retryAfter: 120 }));
    const from = world.openai.requests.length;
    const errorsBefore = await modelErrors('429');
    const user = learner();
    const started = Date.now();
    user.send(question);
    const reply = await user.waitForMessage(undefined, 10_000);
    world.openai.setChatHandler();
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(chatCallsSince(from)).toHaveLength(1);
    expect(await modelErrors('429')).toBe(errorsBefore + 1);
    expect(reply.text).toContain(await offlineHeading());
  });

  it('timeout (silent model, or one that stalls mid-answer): not retried, the offline answer after LLM_TIMEOUT_MS', async () => {
    const offline = await offlineHeading();
    for (const fault of [{ hang: true }, { text: '先说一句话，然后就卡住了……', stallAfterChars: 6 }]) {
      world.openai.setChatHandler(() => fault);
      const from = world.openai.requests.length;
      const errorsBefore = await modelErrors('timeout');
      const user = learner();
      const started = Date.now();
      user.send(question);
      const reply = await user.waitForMessage(undefined, 10_000);
      const took = Date.now() - started;
      expect(took).toBeGreaterThanOrEqual(600);
      expect(took).toBeLessThan(3_000);
      expect(chatCallsSince(from)).toHaveLength(1);
      expect(await modelErrors('timeout')).toBe(errorsBefore + 1);
      expect(reply.text).toContain(offline);
      expect(reply.text).not.toMatch(/卡住/);
    }
    world.openai.setChatHandler();
  });
});
