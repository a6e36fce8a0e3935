/** @module What the quick tips say around the tips themselves, in both languages. Channels format them. */
import type { Language } from '../core/turn.ts';

const zh = {
  chooseSituation: '💡 直播救场小贴士：你现在遇到的是哪种情况？点一下，马上给你一条能直接用的。',
  tip: (title: string, text: string) => `💡 ${title}\n\n${text}`,
  noMatch: (query: string) => `没找到和“${query}”对得上的小贴士。选一个最接近的情况：`,
  gone: '这个情况已经没有了，请重新选一个。',
  another: '🔄 再来一条',
  otherSituations: '📋 换个情况',
};

const en: typeof zh = {
  chooseSituation:
    "💡 Quick tips for live hosts: what's happening right now? Tap one for a line you can use at once.",
  tip: (title: string, text: string) => `💡 ${title}\n\n${text}`,
  noMatch: (query: string) => `I found no tip for "${query}". Pick the closest situation:`,
  gone: 'That situation is no longer there; please pick another.',
  another: '🔄 Another one',
  otherSituations: '📋 Other situations',
};

/** The quick tips' words. */
export type TipsPhrases = typeof zh;

/** The quick tips' words in `language`. */
export function tipsPhrases(language: Language): TipsPhrases {
  return language === 'en' ? en : zh;
}
