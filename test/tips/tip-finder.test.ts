/**
 * The tip finder on the shipped tips: colloquial Chinese and English find the right situation in either
 * language, unrelated queries find nothing, and a search is deterministic and far under a millisecond.
 */
import { describe, expect, it } from 'vitest';
import type { Language } from '../../src/core/turn.ts';
import { loadKnowledgeBase } from '../../src/knowledge/load.ts';
import { situationAliases } from '../../src/tips/aliases.ts';
import { createTipFinder } from '../../src/tips/tip-finder.ts';

const kb = await loadKnowledgeBase('knowledge');
const finder = createTipFinder(kb.tips);
const languages: Language[] = ['zh', 'en'];

/** What an anchor types, and the situation it means. */
const colloquial: Array<[string, string]> = [
  ['留人', 'viewers-leaving'],
  ['人都走了', 'viewers-leaving'],
  ['人都跑光了', 'viewers-leaving'],
  ['没人说话', 'nobody-talking'],
  ['直播间没人说话怎么办', 'nobody-talking'],
  ['直播间人少', 'quiet-room'],
  ['太贵', 'price-objection'],
  ['太贵了', 'price-objection'],
  ['假的吧', 'authenticity'],
  ['是真的鹿肉吗', 'authenticity'],
  ['能治病吗', 'health-question'],
  ['这个能降血压吗', 'health-question'],
  ['发什么快递', 'shipping'],
  ['没人买', 'closing-sale'],
  ['有人骂我', 'negative-comment'],
  ['蜂蜜结晶', 'negative-comment'],
  ['卡了', 'technical-trouble'],
  ['直播 卡了', 'technical-trouble'],
  ['说错话了怎么办', 'compliance-save'],
  ['开场说什么', 'opening'],
  ['ＶＸ', 'compliance-save'],
  ['viewers leaving', 'viewers-leaving'],
  ['the viewers are leaving', 'viewers-leaving'],
  ['nobody is talking', 'nobody-talking'],
  ['no one is commenting', 'nobody-talking'],
  ['too expensive', 'price-objection'],
  ['is it fake?', 'authenticity'],
  ['can it cure diabetes', 'health-question'],
  ['the picture is lagging', 'technical-trouble'],
  ['price-objection', 'price-objection'],
];

describe('createTipFinder', () => {
  it('lists the twelve situations in file order, titled in each language', () => {
    const zh = finder.situations('zh');
    const en = finder.situations('en');
    expect(zh.map((s) => s.key)).toEqual(en.map((s) => s.key));
    expect(zh).toHaveLength(12);
    expect(zh[0]).toEqual({ key: 'opening', title: '开场' });
    expect(en.find((s) => s.key === 'price-objection')?.title).toBe('Price objections');
  });

  it('gives the tips of a situation, and none for an unknown key', () => {
    const tips = finder.forSituation('viewers-leaving', 'zh');
    expect(tips.length).toBeGreaterThanOrEqual(5);
    expect(tips[0]?.id).toBe('viewers-leaving-1');
    expect(finder.forSituation('viewers-leaving', 'en')[0]?.text).toMatch(/every 15 minutes/);
    expect(finder.forSituation('no-such-situation', 'zh')).toEqual([]);
  });

  for (const lang of languages) {
    it.each(colloquial)(`finds "%s" → %s (${lang})`, (query, key) => {
      const matches = finder.search(query, lang, 5);
      expect(matches[0]?.situation.key).toBe(key);
      const ids = new Set(finder.forSituation(key, lang).map((tip) => tip.id));
      for (const match of matches.filter((m) => m.situation.key === key)) {
        expect(ids.has(match.tip.id)).toBe(true);
        expect(finder.forSituation(key, lang)).toContainEqual(match.tip);
      }
    });
  }

  it('answers in the language asked for, whatever the language of the query', () => {
    expect(finder.search('留人', 'en', 1)[0]?.tip.text).toMatch(/[A-Za-z]/);
    expect(finder.search('留人', 'en', 1)[0]?.situation.title).toBe('Viewers leaving');
    expect(finder.search('too expensive', 'zh', 1)[0]?.situation.title).toBe('嫌贵');
  });

  it('ranks a tip whose own text matches first within its situation', () => {
    const [best] = finder.search('留人', 'zh', 3);
    expect(best?.tip.text).toContain('留人');
    expect(finder.search('蜂蜜结晶', 'zh', 1)[0]?.tip.text).toContain('结晶');
  });

  it('matches while the query is still being typed', () => {
    expect(finder.search('留', 'zh', 3)[0]?.situation.key).toBe('viewers-leaving');
    expect(finder.search('viewers lea', 'en', 3)[0]?.situation.key).toBe('viewers-leaving');
  });

  it('finds nothing for unrelated or empty queries', () => {
    for (const lang of languages) {
      for (const query of [
        '今天天气怎么样',
        'quantum physics homework',
        'xyzzy',
        '怎么办',
        '视',
        '',
        '  ',
        '？！',
      ]) {
        expect(finder.search(query, lang, 10), `${query} (${lang})`).toEqual([]);
      }
    }
  });

  it('respects the limit, returns scores best first, and is deterministic', () => {
    const matches = finder.search('没人说话', 'zh', 4);
    expect(matches).toHaveLength(4);
    const scores = matches.map((m) => m.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(finder.search('没人说话', 'zh', 4)).toEqual(matches);
    expect(finder.search('没人说话', 'zh', 0)).toEqual([]);
    expect(finder.search('留人', 'zh', 20).length).toBeGreaterThanOrEqual(9);
  });

  it('picks a tip by seed, rotating through the situation, or at random', () => {
    const tips = finder.forSituation('nobody-talking', 'zh');
    expect(finder.random('nobody-talking', 'zh', 0)).toEqual(tips[0]);
    expect(finder.random('nobody-talking', 'zh', 1)).toEqual(tips[1]);
    expect(finder.random('nobody-talking', 'zh', tips.length)).toEqual(tips[0]);
    expect(finder.random('nobody-talking', 'zh', -1)).toEqual(tips.at(-1));
    expect(tips).toContainEqual(finder.random('nobody-talking', 'zh'));
    expect(finder.random('no-such-situation', 'zh', 0)).toBeUndefined();
  });

  it('searches well under a millisecond per query', () => {
    const queries = colloquial.map(([query]) => query);
    for (const query of queries) finder.search(query, 'zh', 20);
    const rounds = 50;
    const started = performance.now();
    for (let i = 0; i < rounds; i++)
      for (const query of queries) finder.search(query, i % 2 ? 'en' : 'zh', 20);
    const perQuery = (performance.now() - started) / (rounds * queries.length);
    expect(perQuery).toBeLessThan(0.5);
  });

  it('falls back to the other language when one has no tips, and copes with none at all', () => {
    const zhOnly = createTipFinder({ zh: kb.tips.zh });
    expect(zhOnly.situations('en')).toEqual(finder.situations('zh'));
    expect(zhOnly.search('too expensive', 'en', 1)[0]?.situation.key).toBe('price-objection');
    const empty = createTipFinder({});
    expect(empty.situations('zh')).toEqual([]);
    expect(empty.search('留人', 'zh', 5)).toEqual([]);
    expect(empty.random('viewers-leaving', 'en')).toBeUndefined();
  });
});

describe('the alias table', () => {
  it('names exactly the situations of the tips files', () => {
    expect(Object.keys(situationAliases).sort()).toEqual(
      finder
        .situations('zh')
        .map((s) => s.key)
        .sort(),
    );
  });

  it('gives each alias to one situation only', () => {
    const owners = new Map<string, string[]>();
    for (const [key, aliases] of Object.entries(situationAliases)) {
      for (const alias of aliases) owners.set(alias, [...(owners.get(alias) ?? []), key]);
    }
    expect([...owners].filter(([, keys]) => keys.length > 1)).toEqual([]);
  });

  it('finds every situation by its own aliases and titles, in both languages', () => {
    for (const lang of languages) {
      for (const [key, aliases] of Object.entries(situationAliases)) {
        const titles = languages.map((l) => finder.situations(l).find((s) => s.key === key)!.title);
        for (const name of [...aliases, ...titles]) {
          expect(finder.search(name, lang, 1)[0]?.situation.key, `${name} (${lang})`).toBe(key);
        }
      }
    }
  });
});
