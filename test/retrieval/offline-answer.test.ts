/**
 * Offline answers: the line that answers leads, supporting lines of its section follow in reading order,
 * each source cited once; glossary entries and worked examples only where they fit the question.
 */
import { describe, expect, it } from 'vitest';
import type { Passage } from '../../src/core/grounding.ts';
import { composeOfflineAnswer } from '../../src/retrieval/offline-answer.ts';
import { createTokenizer } from '../../src/retrieval/tokenizer.ts';
import type { Understood } from '../../src/understanding/reader.ts';

const tokenizer = createTokenizer([]);

function passage(lessonId: string, section: string, lines: string[], track = 'live'): Passage {
  return {
    n: 0,
    lessonId,
    title: `Title of ${lessonId}`,
    track,
    section,
    text: [`Title of ${lessonId} › ${section}`, ...lines].join('\n'),
    score: 1,
  };
}

function asked(text: string, intent: Understood['intent'], extra: Partial<Understood> = {}): Understood {
  return {
    text,
    intent,
    platforms: [],
    products: [],
    askWords: tokenizer.words(text),
    askText: text,
    ...extra,
  };
}

const lighting = passage('lighting', 'Steps', [
  '1. **Face the window.** Daylight falls on the product.',
  '2. **Add a ring light.** It helps after sunset.',
  '3. **Check the lighting before every live stream.** Ask a friend to watch.',
  '4. **Keep the background plain.**',
]);
const overview = passage('lighting', 'Overview', [
  'Light the product from the front and check it before you go live.',
  'Dark streams lose viewers: nobody buys what they cannot see.',
]);
const glossary = passage(
  'glossary-en',
  'Ring light',
  ['Ring light: a round lamp around the phone.'],
  'glossary',
);
const deerExample = passage('lighting', 'Example: deer products', [
  'Lao Li lights his venison with two lamps.',
]);
const tasks = passage('lighting', 'Steps', [
  '- [ ] Buy a ring light this week.',
  'See [Team and kit](../live/07-team.en.md) for lamps.',
]);

const weight = () => 1;
const compose = (understood: Understood, passages: Passage[], lessonPassages: Passage[] = []) =>
  composeOfflineAnswer({
    understood,
    passages,
    language: 'en',
    tokenizer,
    weight,
    lessonPassages: (id) => lessonPassages.filter((p) => p.lessonId === id),
  });

describe('offline answer', () => {
  it('leads with the line that answers, then supporting lines of its section in reading order, cited', () => {
    const { text, citations } = compose(asked('ring light after sunset', 'how-to'), [lighting]);
    const lines = text.split('\n');
    expect(lines[0]).toBe('Add a ring light. It helps after sunset.');
    expect(lines.slice(1).every((line) => line.startsWith('• '))).toBe(true);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.length).toBeLessThanOrEqual(5);
    expect(text.endsWith(' [1]')).toBe(true);
    expect(citations).toEqual([{ id: 'lighting', title: 'Title of lighting', track: 'live', refs: [1] }]);
  });

  it('puts a glossary entry first only for "what is …?"; otherwise it supports the answer', () => {
    const definition = compose(asked('ring light', 'definition'), [glossary, lighting]);
    expect(definition.text.startsWith('Ring light: a round lamp')).toBe(true);
    const howTo = compose(asked('ring light', 'how-to'), [glossary, lighting]);
    expect(howTo.text.startsWith('Add a ring light.')).toBe(true);
    expect(howTo.text).toContain('Ring light: a round lamp around the phone. [2]');
  });

  it('quotes a worked example only for the asker’s kind of product, or when an example was asked for', () => {
    expect(compose(asked('venison lamps', 'how-to'), [deerExample, lighting]).text).not.toContain('Lao Li');
    const deer = asked('venison lamps', 'how-to', { products: [{ id: 'venison', deer: true }] });
    expect(compose(deer, [deerExample, lighting]).text).toContain('Lao Li');
    expect(compose(asked('an example of venison lamps', 'other'), [deerExample, lighting]).text).toContain(
      'Lao Li',
    );
  });

  it('leads with the lesson’s summary for a question about its topic, and with its opening only for "why?"', () => {
    const all = [overview, lighting];
    const how = compose(asked('how do I light a live stream', 'how-to'), [lighting], all);
    expect(how.text).not.toContain('Dark streams lose viewers');
    const why = compose(asked('why do dark streams lose viewers', 'why'), [lighting], all);
    expect(why.text.startsWith('Dark streams lose viewers')).toBe(true);
  });

  it('leads a "how long" question with the line that gives a duration', () => {
    const planning = passage('planning', 'Steps', [
      '1. **Pick a fixed slot.** Same days every week.',
      '2. **Stream 2-4 hours.** Traffic needs time to build.',
      '3. **Post a trailer.** Say what you will sell.',
    ]);
    const answer = compose(asked('stream', 'how-much', { measure: 'time' }), [planning]);
    expect(answer.text.startsWith('Stream 2-4 hours.')).toBe(true);
  });

  it('never quotes tasks, and shows links as their titles', () => {
    const { text } = compose(asked('ring light lamps', 'how-to'), [tasks, lighting]);
    expect(text).not.toContain('[ ]');
    expect(text).not.toContain('.md');
  });

  it('numbers markers by lesson: two sections of one lesson are one source', () => {
    const other = passage('script', 'Steps', [
      '1. **Greet viewers by name.** Every one who joins the live stream.',
    ]);
    const { text, citations } = compose(
      asked('live stream lighting viewers', 'how-to'),
      [lighting, other],
      [lighting, overview],
    );
    const markers = [...text.matchAll(/\[(\d+)\]/g)].map((match) => Number(match[1]));
    expect(new Set(markers).size).toBe(citations.length);
    for (const marker of markers) expect(citations[marker - 1]).toBeDefined();
  });

  it('keeps to about 600 Chinese characters', () => {
    const long = passage(
      'long',
      '步骤',
      Array.from(
        { length: 12 },
        (_, i) => `${i + 1}. **直播第${i + 1}步。** ${'直播要准备好灯光和话术，'.repeat(8)}`,
      ),
    );
    const zh = composeOfflineAnswer({
      understood: { ...asked('直播 准备', 'how-to'), askWords: ['直播', '准备'] },
      passages: [long],
      language: 'zh',
      tokenizer,
      weight,
    });
    expect(zh.text.length).toBeLessThanOrEqual(700);
  });
});
