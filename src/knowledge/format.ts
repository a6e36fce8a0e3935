/** @module The fixed vocabulary and limits of the knowledge-base format (knowledge/README.md), in one place. */
import type { Language } from './schema.ts';

/** The `##` sections every lesson has, with exactly these headings, in this order. */
export const sectionHeadings = {
  zh: {
    steps: '步骤',
    deerExample: '示例：鹿产品',
    otherExample: '示例：其他农产品',
    mistakes: '常见错误',
    tasks: '任务',
    quiz: '小测验',
  },
  en: {
    steps: 'Steps',
    deerExample: 'Example: deer products',
    otherExample: 'Example: other farm products',
    mistakes: 'Common mistakes',
    tasks: 'Tasks',
    quiz: 'Quiz',
  },
} as const satisfies Record<Language, Record<string, string>>;

/** The required headings of a lesson in `lang`, in order. */
export function requiredSections(lang: Language): readonly string[] {
  return Object.values(sectionHeadings[lang]);
}

/** The tip situations (keys in brackets after each `##` heading of the tips files), in both languages. */
export const situationKeys = [
  'opening',
  'viewers-leaving',
  'nobody-talking',
  'quiet-room',
  'price-objection',
  'authenticity',
  'health-question',
  'shipping',
  'closing-sale',
  'negative-comment',
  'technical-trouble',
  'compliance-save',
] as const;

/** A tip situation key. */
export type SituationKey = (typeof situationKeys)[number];

/** Line labels, per language. */
export const labels = {
  answer: { zh: '答案', en: 'Answer' },
  explanation: { zh: '解析', en: 'Explanation' },
  aliases: { zh: '别名', en: 'Aliases' },
} as const satisfies Record<string, Record<Language, string>>;

/** Where a lesson with `rules_checked` must send the reader to confirm the rules. */
export const rulesCentre = {
  zh: { pattern: /规则中心/, name: '规则中心' },
  en: { pattern: /rules cent(?:re|er)/i, name: '"rules centre"' },
} as const satisfies Record<Language, { pattern: RegExp; name: string }>;

/** An inclusive range. */
export interface Range {
  min: number;
  max: number;
}

/** Limits from the README. */
export const limits = {
  tasks: { min: 2, max: 5 },
  quizQuestions: { min: 2, max: 3 },
  quizOptions: 2,
  /** zh: Han characters; en: words. */
  body: { zh: { min: 400, max: 1500 }, en: { min: 250, max: 900 } } satisfies Record<Language, Range>,
  /** zh: characters; en: words. */
  tip: { zh: 200, en: 60 } satisfies Record<Language, number>,
  tipsPerLanguage: 80,
} as const;
