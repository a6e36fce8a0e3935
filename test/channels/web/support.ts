/** Helpers for the dashboard tests: turns written as the coach writes them, a cookie jar. */
import type { App } from '../../../src/app.ts';

/** Records a turn for `userId` (and a gap when not covered); returns its turn-log id. */
export async function recordTurn(
  app: App,
  userId: string,
  name: string,
  question: string,
  { covered = true, answer = `答：${question}` }: { covered?: boolean; answer?: string } = {},
): Promise<string> {
  const at = Date.now();
  const id = await app.memory.record({
    user: {
      id: userId,
      channel: 'telegram',
      displayName: name,
      language: 'zh',
      firstSeen: at,
      lastSeen: at,
      turns: 1,
    },
    question: { role: 'user', text: question, at },
    answer: { role: 'assistant', text: answer, at },
    log: {
      userId,
      channel: 'telegram',
      at,
      language: 'zh',
      question,
      answer,
      mode: 'offline',
      latencyMs: 3,
      citations: covered ? ['live-planning-zh'] : [],
      abstained: !covered,
    },
    gap: covered
      ? undefined
      : { userId, at, language: 'zh', question, query: question, topScore: 0, topCoverage: 0, nearest: [] },
  });
  return id!;
}

/** A fetch that keeps cookies, like a browser (without following redirects). */
export function browserLike(base: string, headers: Record<string, string> = {}) {
  const cookies = new Map<string, string>();
  return {
    cookies,
    async fetch(path: string, init: RequestInit = {}): Promise<Response> {
      const response = await fetch(base + path, {
        ...init,
        redirect: 'manual',
        headers: {
          ...headers,
          ...(init.headers as Record<string, string>),
          cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        },
      });
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const [name, value] = pair!.split('=') as [string, string];
        if (/Max-Age=0/i.test(line) || value === '') cookies.delete(name);
        else cookies.set(name, value);
      }
      return response;
    },
    /** POSTs a form. */
    post(path: string, form: Record<string, string>): Promise<Response> {
      return this.fetch(path, { method: 'POST', body: new URLSearchParams(form) });
    },
  };
}

/** The CSRF token in a page's forms. */
export function csrfOf(page: string): string {
  return /name="csrf" value="([^"]+)"/.exec(page)![1]!;
}
