import { describe, expect, it } from 'vitest';
import { createSynonymTable } from '../../src/retrieval/synonyms.ts';

describe('synonym table', () => {
  const table = createSynonymTable([
    ['DOU+', '抖加', 'dou加'],
    ['抖店', '抖音小店'],
    ['ROI', '投产比'],
  ]);

  it('expands a farmer’s wording with the other members of its group', () => {
    expect(table.expand('抖加怎么投')).toEqual(['dou+', 'dou加']);
    expect(table.expand('抖音小店怎么开')).toEqual(['抖店']);
  });

  it('folds width and case before matching', () => {
    expect(table.expand('ＤＯＵ＋值得投吗')).toEqual(['抖加', 'dou加']);
  });

  it('matches Latin terms as whole words only', () => {
    expect(table.expand('roi多少算好')).toEqual(['投产比']);
    expect(table.expand('my roi is low')).toEqual(['投产比']);
    expect(table.expand('heroic sales')).toEqual([]);
    expect(table.expand('broil')).toEqual([]);
  });

  it('expands every group mentioned, in glossary order, and nothing already in the text', () => {
    expect(table.expand('抖音小店要不要投dou+')).toEqual(['抖加', 'dou加', '抖店']);
  });

  it('leaves out a member the text contains anywhere, even inside a word or before the mention', () => {
    // "roi" inside "heroic" does not mention the group, but the text does contain it.
    expect(table.expand('heroic 投产比')).toEqual([]);
    expect(table.expand('投产比 heroic')).toEqual([]);
    expect(table.expand('heroic 投产比', 'heroic 投产比')).toEqual([]);
    // Repeated and back-to-back: each text is scanned afresh.
    expect(table.expand('抖店抖店')).toEqual(['抖音小店']);
    expect(table.expand('抖加怎么投')).toEqual(['dou+', 'dou加']);
  });
});
