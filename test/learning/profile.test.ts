import { describe, expect, it } from 'vitest';
import { describeProfile, emptyProfile, parseProfile, profileFactsFrom } from '../../src/learning/profile.ts';

describe('profile facts from a message, offline', () => {
  it.each([
    ['我在快手卖蜂蜜，直播间人少怎么办', { products: '蜂蜜', platforms: ['kuaishou'] }],
    ['我家卖鹿茸片，抖音上怎么挂链接', { products: '鹿茸片' }],
    ['I sell honey on Douyin, how do I start?', { products: 'honey', platforms: ['douyin'] }],
    ['抖音和快手选哪个？', {}],
    ['卖啥好呢', {}],
  ])('%s', (text, facts) => {
    expect(profileFactsFrom(text)).toEqual(facts);
  });
});

describe('stored profiles', () => {
  it('start fresh from an unreadable or older-shaped value instead of crashing', () => {
    expect(parseProfile('not json')).toEqual(emptyProfile());
    expect(parseProfile('{"platforms":"douyin"}')).toEqual(emptyProfile());
  });

  it('describe the learner for the model', () => {
    const profile = {
      ...emptyProfile(),
      role: 'anchor' as const,
      products: '鹿血片',
      platforms: ['kuaishou' as const],
    };
    expect(describeProfile(profile)).toBe(
      'role: anchor; sells: 鹿血片; platforms: kuaishou. Use their product and platform in examples.',
    );
    expect(describeProfile(emptyProfile())).toBe('not known yet');
  });
});
