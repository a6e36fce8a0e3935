/** @module What users are told when a limit is hit, in both languages (no transport types here). */
import type { Language } from '../core/turn.ts';

/** Hours and minutes until `at`, e.g. "5小时12分" / "5 h 12 min". */
function until(at: number, now: number, language: Language): string {
  const minutes = Math.max(1, Math.ceil((at - now) / 60_000));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (language === 'zh') return h > 0 ? `${h}小时${m}分` : `${m}分钟`;
  return h > 0 ? `${h} h ${m} min` : `${m} min`;
}

const zh = {
  throttled: '您发得太快了，请稍等一分钟再问。这期间发的消息不会回复。',
  outOfQuestions: (limit: number, resetsAt: number, now: number) =>
    `今天的${limit}个提问已经用完了，北京时间明天0点重置（还有${until(resetsAt, now, 'zh')}）。先看看 /learn 的课程或 /tip 小贴士吧。`,
  tokensSpent: '今天的AI额度用完了，先用知识库直接回答你。明天0点（北京时间）恢复。',
};

const en: typeof zh = {
  throttled:
    "You're sending messages too fast — please wait a minute before asking again. Messages sent meanwhile won't be answered.",
  outOfQuestions: (limit, resetsAt, now) =>
    `You've used today's ${limit} questions. They reset at midnight China time (in ${until(resetsAt, now, 'en')}). Meanwhile, /learn and /tip still work.`,
  tokensSpent:
    "Today's AI allowance is used up, so I'm answering straight from the knowledge base. It comes back at midnight China time.",
};

/** The limit messages in `language`. */
export function limitPhrases(language: Language): typeof zh {
  return language === 'en' ? en : zh;
}
