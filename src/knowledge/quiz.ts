/**
 * @module A lesson's quiz: `### N. question`, then `- A. option` lines, `答案：X` / `Answer: X` and
 * `解析：…` / `Explanation: …`.
 */
import { labels } from './format.ts';
import type { Block } from './markdown.ts';
import type { Problem } from './problem.ts';
import type { Language } from './schema.ts';

/** One answer option. */
export interface QuizOption {
  letter: string;
  text: string;
}

/** One quiz question; `answer` is the answer letter ('' when missing), `line` the heading's line. */
export interface QuizQuestion {
  index: number;
  question: string;
  options: QuizOption[];
  answer: string;
  explanation: string;
  line: number;
}

function labelled(label: string): RegExp {
  return new RegExp(`^\\s{0,3}${label}\\s*[:：]\\s*(.*)$`);
}

/** Parses the question blocks (the headings under `## 小测验` / `## Quiz`); never throws. */
export function parseQuiz(
  file: string,
  lang: Language,
  blocks: readonly Block[],
): { quiz: QuizQuestion[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const answerLine = labelled(labels.answer[lang]);
  const explanationLine = labelled(labels.explanation[lang]);
  const quiz = blocks.map((block, position): QuizQuestion => {
    const numbered = /^(\d+)[.．、]\s*(.+)$/.exec(block.heading);
    const index = numbered ? Number(numbered[1]) : position + 1;
    if (!numbered) {
      problems.push({
        file,
        line: block.line,
        message: `quiz question ${index}: the heading should read "### ${index}. question"`,
      });
    }
    const question: QuizQuestion = {
      index,
      question: numbered ? numbered[2]!.trim() : block.heading,
      options: [],
      answer: '',
      explanation: '',
      line: block.line,
    };
    let state: 'question' | 'options' | 'answer' | 'explanation' = 'question';
    let answered = false;
    for (const line of block.lines) {
      const text = line.text;
      if (!text.trim()) continue;
      const option = /^\s{0,3}[-*+][ \t]+([A-Z])[.．][ \t]*(.*)$/.exec(text);
      const answer = answerLine.exec(text);
      const explanation = explanationLine.exec(text);
      if (option && (state === 'question' || state === 'options')) {
        question.options.push({ letter: option[1]!, text: option[2]!.trim() });
        state = 'options';
      } else if (answer && !answered) {
        const value = answer[1]!.trim();
        question.answer = /^([A-Z])[。.]?$/.exec(value)?.[1] ?? value;
        answered = true;
        state = 'answer';
      } else if (explanation && !question.explanation) {
        question.explanation = explanation[1]!.trim();
        state = 'explanation';
      } else if (state === 'explanation') {
        question.explanation = `${question.explanation}\n${text.trim()}`.trim();
      } else if (state === 'question') {
        question.question = `${question.question} ${text.trim()}`;
      } else if (state === 'options' && /^\s+\S/.test(text)) {
        const last = question.options.at(-1)!;
        last.text = `${last.text} ${text.trim()}`;
      } else {
        problems.push({
          file,
          line: line.line,
          message: `quiz question ${index}: unexpected line (expected "- A. …", "${labels.answer[lang]}${lang === 'zh' ? '：' : ': '}X" or "${labels.explanation[lang]}${lang === 'zh' ? '：' : ': '}…")`,
        });
      }
    }
    return question;
  });
  return { quiz, problems };
}
