/**
 * @module The learning path in the terminal: /learn (next lesson card), /done, /skip, /tick N, /quiz and
 * /answer, /progress. Same course and progress as in Telegram.
 */
import { lessonCard, progressReport } from '../../learning/cards.ts';
import type { Learning } from '../../learning/learning.ts';
import { learningPhrases } from '../../learning/phrases.ts';

/** Handles a learning command line; returns the text to print, or undefined when `line` is not one. */
export function terminalLearning(learning: Learning, userId: string) {
  // The lesson the learner is on and the quiz question awaiting an answer, for /done, /skip and /answer.
  let current: string | undefined;
  let question = 0;

  return async function handle(line: string): Promise<string | undefined> {
    const [command, argument] = line.trim().split(/\s+/, 2);
    const profile = await learning.profile(userId);
    const language = profile.language ?? 'zh';
    const say = learningPhrases(language);
    switch (command) {
      case '/learn': {
        const next = await learning.next(userId, language);
        if (!next) return say.allDone;
        current = next.step.topic;
        question = 0;
        await learning.open(userId, current);
        return `${lessonCard(next, language)}\n\n(/done /skip /quiz /lesson ${next.lesson.id})`;
      }
      case '/done':
      case '/skip': {
        if (!current) return '(/learn)';
        await (command === '/done' ? learning.finish(userId, current) : learning.skip(userId, current));
        const tasks = learning.lesson(current, language).tasks.map((t) => `☐ ${t.index}. ${t.text}`);
        return command === '/done' ? `${say.tasksTitle}\n${tasks.join('\n')}\n(/tick 1)` : '⏭';
      }
      case '/tick': {
        const index = Number(argument);
        if (!current || !Number.isInteger(index) || index < 1) return '(/tick 1)';
        const lesson = learning.lesson(current, language);
        if (!lesson.tasks.some((t) => t.index === index)) return '(/tick 1)';
        const state = await learning.tickTask(userId, current, index);
        return lesson.tasks
          .map((t) => `${state.tasks.includes(t.index) ? say.taskDone : '☐'} ${t.index}. ${t.text}`)
          .join('\n');
      }
      case '/quiz': {
        if (!current) return '(/learn)';
        const quiz = learning.lesson(current, language).quiz;
        question = Math.min(question + 1, quiz.length);
        const item = quiz[question - 1]!;
        return `${say.quizTitle(question, quiz.length)}\n${item.question}\n${item.options.map((o) => `${o.letter}. ${o.text}`).join('\n')}\n(/answer A)`;
      }
      case '/answer': {
        if (!current || question === 0 || !argument) return '(/quiz)';
        const result = await learning.answerQuiz(userId, current, question, argument.toUpperCase(), language);
        return `${result.correct ? say.right : say.wrong(result.answer)}\n${result.explanation}${result.next ? '\n(/quiz)' : ''}`;
      }
      case '/progress':
        return progressReport(await learning.overview(userId, language), learning, language);
      default:
        return undefined;
    }
  };
}
