import { describe, expect, it } from 'vitest';
import { createTokenizer, normalizeText } from '../../src/retrieval/tokenizer.ts';

describe('tokenizer', () => {
  const tokenizer = createTokenizer(['抖加']);

  it('gives the same words for the same text every time, however callers change what they got', () => {
    const first = tokenizer.words('抖加怎么投才划算');
    expect(first).toContain('抖加');
    first.length = 0;
    first.push('changed');
    expect(tokenizer.words('抖加怎么投才划算')).toEqual(
      createTokenizer(['抖加'], { cacheSize: 0 }).words('抖加怎么投才划算'),
    );
    expect(tokenizer.words('抖加怎么投才划算')).not.toContain('changed');
  });

  it('shares the words it remembers with readers instead of copying them', () => {
    const shared = tokenizer.sharedWords('直播间没人说话怎么办');
    expect(shared).toEqual(tokenizer.words('直播间没人说话怎么办'));
    expect(tokenizer.sharedWords('直播间没人说话怎么办')).toBe(shared);
  });

  it('keeps working past its memory of recent texts', () => {
    const small = createTokenizer([], { cacheSize: 2 });
    const texts = ['直播间没人', '短视频没流量', '怎么开抖店', '直播间没人'];
    expect(texts.map((text) => small.words(text))).toEqual(
      texts.map((text) => createTokenizer([], { cacheSize: 0 }).words(text)),
    );
  });

  it('gives the same terms when handed the text already normalised', () => {
    const fresh = createTokenizer(['抖加'], { cacheSize: 0 });
    for (const text of ['ＤＯＵ＋和抖加 Live Streams', '直播间没人说话怎么办', '单']) {
      const normalized = normalizeText(text);
      expect(fresh.sharedWords(text, normalized)).toEqual(fresh.words(text));
      expect(fresh.bigrams(text, normalized)).toEqual(fresh.bigrams(text));
    }
  });
});
