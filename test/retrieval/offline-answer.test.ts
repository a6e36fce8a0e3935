/** Offline answers: the best lines of the top passages, in reading order, cited; passages split once. */
import { describe, expect, it } from 'vitest';
import type { Passage } from '../../src/core/grounding.ts';
import { composeOfflineAnswer, createPassageLines } from '../../src/retrieval/offline-answer.ts';
import { createTokenizer } from '../../src/retrieval/tokenizer.ts';

const tokenizer = createTokenizer(['抖加']);

function passage(n: number, section: string, lines: string[], score: number): Passage {
  return {
    n,
    lessonId: `lesson-${n}`,
    title: `Lesson ${n}`,
    track: 'live',
    section,
    text: [`Lesson ${n} › ${section}`, ...lines].join('\n'),
    score,
  };
}

const passages = [
  passage(
    1,
    'Lighting',
    [
      '- Face the window so daylight falls on the product.',
      '- A ring light helps after sunset.',
      '## Extra',
      '- Check the lighting before every live stream starts.',
      '- Keep the background tidy and plain.',
      '- Test the microphone with a friend.',
    ],
    10,
  ),
  passage(2, 'Script', ['- Greet every viewer who joins the live stream.', '- Repeat the price often.'], 8),
];

describe('offline answer', () => {
  it('quotes the lines that share most words with the question, in reading order, with [n]', () => {
    const { text, citations } = composeOfflineAnswer('live stream lighting', passages, 'en', tokenizer);
    expect(text).toBe(
      'From the Cunbo knowledge base:\n\n' +
        '**Lesson 1 › Lighting**\n' +
        '• Face the window so daylight falls on the product.\n' +
        '• A ring light helps after sunset.\n' +
        '• Check the lighting before every live stream starts.\n' +
        '• Keep the background tidy and plain. [1]\n\n' +
        '**Lesson 2 › Script**\n' +
        '• Greet every viewer who joins the live stream.\n' +
        '• Repeat the price often. [2]',
    );
    expect(citations.map((c) => c.id)).toEqual(['lesson-1', 'lesson-2']);
  });

  it('answers the same from passages split once and remembered', () => {
    const lines = createPassageLines(
      tokenizer,
      passages.map((p) => p.text),
    );
    for (const question of ['live stream lighting', 'microphone', 'price', '抖加']) {
      const fresh = composeOfflineAnswer(question, passages, 'en', tokenizer);
      expect(composeOfflineAnswer(question, passages, 'en', tokenizer, lines)).toEqual(fresh);
      expect(composeOfflineAnswer(question, passages, 'en', tokenizer, lines)).toEqual(fresh);
    }
    expect(lines.of(passages[0]!.text)).toBe(lines.of(passages[0]!.text));
  });

  it('matches a question word that only the second passage has, however the passages were split', () => {
    const second = passage(
      2,
      'Script',
      [
        '- Greet every viewer who joins the live stream.',
        '- Smile at the camera.',
        '- Thank each buyer by name.',
        '- Repeat the price often.',
      ],
      8,
    );
    const script =
      '**Lesson 2 › Script**\n• Greet every viewer who joins the live stream.\n• Repeat the price often. [2]';
    const twoPassages = [passages[0]!, second];
    expect(composeOfflineAnswer('lighting price', twoPassages, 'en', tokenizer).text).toContain(script);
    const lines = createPassageLines(
      tokenizer,
      twoPassages.map((p) => p.text),
    );
    expect(composeOfflineAnswer('lighting price', twoPassages, 'en', tokenizer, lines).text).toContain(
      script,
    );
    expect(composeOfflineAnswer('lighting price', twoPassages, 'en', tokenizer, lines).text).toContain(
      script,
    );
  });

  it('numbers its markers by source, as the list of sources does: one lesson is one [n]', () => {
    const sameLesson = { ...passages[1]!, n: 2, lessonId: 'lesson-1', title: 'Lesson 1' };
    const oneLesson = composeOfflineAnswer(
      'live stream lighting price',
      [passages[0]!, sameLesson],
      'en',
      tokenizer,
    );
    expect(oneLesson.text.match(/\[\d+\]/g)).toEqual(['[1]', '[1]']);
    expect(oneLesson.citations).toEqual([{ id: 'lesson-1', title: 'Lesson 1', track: 'live', refs: [1] }]);

    // The passage ranked second shares the top one's section, so the third joins: it is the second source.
    const sameSection = { ...passages[0]!, n: 2, score: 9 };
    const third = { ...passages[1]!, n: 3 };
    const skipped = composeOfflineAnswer(
      'live stream lighting price',
      [passages[0]!, sameSection, third],
      'en',
      tokenizer,
    );
    expect(skipped.text.match(/\[\d+\]/g)).toEqual(['[1]', '[2]']);
    expect(skipped.citations.map((c) => [c.id, c.refs])).toEqual([
      ['lesson-1', [1]],
      ['lesson-2', [2]],
    ]);
  });

  it('adds the best lesson passage below a glossary entry, however much higher the entry scored', () => {
    const entry: Passage = {
      ...passage(1, 'Yellow cart', ['- The cart icon viewers tap to buy.'], 60),
      track: 'glossary',
    };
    const steps = passage(2, 'Steps', ['- Bind your shop to your account to show the cart.'], 30);
    const { text, citations } = composeOfflineAnswer('how to show the cart', [entry, steps], 'en', tokenizer);
    expect(text).toContain('Bind your shop to your account to show the cart. [2]');
    expect(citations.map((c) => c.id)).toEqual(['lesson-1', 'lesson-2']);
    // Between lesson passages the 60% rule stands.
    const lesson = { ...entry, track: 'live' };
    expect(
      composeOfflineAnswer('how to show the cart', [lesson, steps], 'en', tokenizer).citations,
    ).toHaveLength(1);
  });
});
