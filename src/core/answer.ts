/**
 * @module Answering one question: scope rules, retrieval, then the model (streamed) or the knowledge base
 * alone. Stateless: the coach adds memory around it; `cunbo ask` uses it directly.
 */

import { describeProfile, emptyProfile, type Profile, sellsDeer } from '../learning/profile.ts';
import type { ChatMessage, ChatModel, TokenUsage } from '../llm/chat-model.ts';
import type { HistoryEntry } from '../memory/history.ts';
import type { PromptLibrary } from '../prompts/prompt-library.ts';
import type { Understood } from '../understanding/reader.ts';
import type { Grounded, Grounding } from './grounding.ts';
import { phrases } from './phrases.ts';
import { createPromptGuard } from './prompt-guard.ts';
import type { Citation, Language, Reply } from './turn.ts';

/** A finished answer with what produced it. */
export interface Answer {
  reply: Reply;
  usage?: TokenUsage;
  grounded?: Grounded;
  /** Set when the model failed (after its retries) and the answer came from the knowledge base instead. */
  modelError?: unknown;
}

/** What answering needs. */
export interface AnswererDeps {
  prompts: PromptLibrary;
  model?: ChatModel;
  grounding?: Grounding;
  /**
   * Makes generated text compliant: every model answer passes through it before it is sent, so an absolute
   * term or a health claim the model slipped in is rewritten or removed, never sent as advice.
   */
  makeCompliant?: (text: string) => { text: string; violations: readonly unknown[] };
  /**
   * For a question that asks whether a phrase may be said ("鹿血片可以说降血压吗？"): the compliance rules'
   * verdict, which leads the answer (`createMayISay` in `src/compliance`); undefined for other questions.
   */
  mayISay?: (question: string, language: Language) => MayISayVerdict | undefined;
}

/** The compliance rules' verdict on a phrase a question asks about. */
export interface MayISayVerdict {
  /** Whether the phrase breaks a rule. */
  verdict: 'breaks' | 'fine';
  phrase: string;
  /** The note that answers: the rule and what to say instead, or that nothing was found. */
  text: string;
}

/** Answers questions; see {@link createAnswerer}. */
export interface Answerer {
  /**
   * Answers `question`, calling `onDelta` with text as it is written.
   *
   * When the model fails (timeout, 429, 5xx, after its retries) and a knowledge base is loaded, the answer
   * comes from the knowledge base instead, with `modelError` set.
   *
   * @throws when the model fails and there is no knowledge base: the caller decides what the user sees
   */
  answer(
    question: string,
    language: Language,
    history: HistoryEntry[],
    onDelta: (delta: string) => void,
    signal?: AbortSignal,
    profile?: Profile,
  ): Promise<Answer>;
}

/** Creates an answerer. */
export function createAnswerer({
  prompts,
  model,
  grounding,
  makeCompliant,
  mayISay,
}: AnswererDeps): Answerer {
  // The wording of the answering prompts never reaches a user, whatever a message or passage asks for.
  // (Not `no-context`: it tells the model what to say, so its words are meant to appear.)
  const guard = createPromptGuard(
    (['system', 'persona-owner', 'persona-anchor'] as const).map((name) => prompts.template(name)),
  );
  /**
   * Answers a "can I say …?" question with the rules' verdict first: the note is the direct answer, and the
   * knowledge base (or the model) adds to it only when it covers the question.
   */
  async function answer(
    question: string,
    language: Language,
    history: HistoryEntry[],
    onDelta: (delta: string) => void,
    signal: AbortSignal | undefined,
    profile: Profile = emptyProfile(),
  ): Promise<Answer> {
    const verdict = mayISay?.(question, language);
    if (!verdict) return answerQuestion(question, language, history, onDelta, signal, profile);
    onDelta(`${verdict.text}\n\n`);
    const rest = await answerQuestion(question, language, history, onDelta, signal, profile, true);
    const { reply } = rest;
    // Not covered by the lessons: the verdict alone answers (and no gap is logged).
    const alone = reply.abstained && reply.mode !== 'declined';
    const text = alone ? verdict.text : `${verdict.text}\n\n${reply.text}`;
    return { ...rest, reply: { ...reply, text, abstained: false, citations: alone ? [] : reply.citations } };
  }

  async function answerQuestion(
    question: string,
    language: Language,
    history: HistoryEntry[],
    onDelta: (delta: string) => void,
    signal: AbortSignal | undefined,
    profile: Profile,
    verdictGiven = false,
  ): Promise<Answer> {
    if (!grounding) {
      if (!model) {
        const text = phrases(language).offlineNoKnowledge;
        onDelta(text);
        return { reply: { text, language, citations: [], mode: 'offline', abstained: true } };
      }
      return modelAnswer(question, language, history, undefined, onDelta, signal, profile);
    }
    const personal = {
      deerExamples: profile.products ? sellsDeer(profile) : undefined,
      platforms: profile.platforms,
    };
    const grounded = await grounding.find(question, language, history, personal);
    if (grounded.decline || !grounded.covered || !model) {
      // Declines, "not covered" and offline answers come from the knowledge base alone: no model call.
      const offline = grounding.answerOffline(grounded, language, personal);
      // After a verdict, "not covered" is not said: the verdict answered.
      if (!(verdictGiven && offline.abstained && !grounded.decline)) onDelta(offline.text);
      const mode = grounded.decline ? 'declined' : 'offline';
      return { reply: { ...offline, language, mode }, grounded };
    }
    let streamed = false;
    const tracked = (delta: string) => {
      streamed = true;
      onDelta(delta);
    };
    try {
      return await modelAnswer(question, language, history, grounded, tracked, signal, profile);
    } catch (error) {
      // Shutting down: nobody is waiting for a fallback.
      if (signal?.aborted) throw error;
      // The model is down, slow or rate-limited (after its retries): the knowledge base still answers.
      const offline = grounding.answerOffline(grounded, language, personal);
      onDelta(streamed ? `\n\n${offline.text}` : offline.text);
      return { reply: { ...offline, language, mode: 'offline' }, grounded, modelError: error };
    }
  }

  async function modelAnswer(
    question: string,
    language: Language,
    history: HistoryEntry[],
    grounded: Grounded | undefined,
    onDelta: (delta: string) => void,
    signal: AbortSignal | undefined,
    profile: Profile,
  ): Promise<Answer> {
    const messages = buildMessages(question, language, history, grounded, profile);
    const marker = markerFilter(onDelta);
    const watch = guard.watch();
    const stop = new AbortController();
    const result = await model!
      .stream(messages, {
        onDelta: (delta) => {
          const safe = watch.push(delta);
          if (watch.leaked) stop.abort(new PromptLeakError());
          else if (safe) marker.push(safe);
        },
        signal: signal ? AbortSignal.any([signal, stop.signal]) : stop.signal,
      })
      .catch((error: unknown) => {
        throw stop.signal.aborted ? stop.signal.reason : error;
      });
    // The leak may have come in the last piece, after which the stream ended before the abort.
    if (watch.leaked) throw new PromptLeakError();
    const rest = watch.flush();
    if (rest) marker.push(rest);
    marker.flush();
    const abstained = result.text.includes(notInKnowledgeBase);
    const text = makeCompliant ? makeCompliant(stripMarker(result.text)).text : stripMarker(result.text);
    const citations = grounded && !abstained ? citedLessons(text, grounded) : [];
    return { reply: { text, language, citations, mode: 'model', abstained }, usage: result.usage, grounded };
  }

  function buildMessages(
    question: string,
    language: Language,
    history: HistoryEntry[],
    grounded: Grounded | undefined,
    profile: Profile,
  ): ChatMessage[] {
    const passages =
      grounded && grounded.passages.length > 0
        ? grounded.passages.map((p) => `[${p.n}] ${p.title} › ${p.section}\n${p.text}`).join('\n\n')
        : prompts.render('no-context');
    const system = prompts.render('system', {
      persona: prompts.render(personaFor(profile, question)),
      language: language === 'zh' ? 'Simplified Chinese' : 'English',
      profile: describeProfile(profile),
      question: describeQuestion(grounded),
      passages,
    });
    return [
      { role: 'system', content: system },
      ...history.map((entry): ChatMessage => ({ role: entry.role, content: entry.text })),
      { role: 'user', content: question },
    ];
  }

  return { answer };
}

/** The model began quoting the answering prompt; its answer is dropped. */
export class PromptLeakError extends Error {
  override name = 'PromptLeakError';
  constructor() {
    super('model output quoted the system prompt; answer dropped');
  }
}

/** What a question asks for, as read before searching. */
const intentWords: Record<Understood['intent'], string> = {
  definition: 'what something is',
  'how-to': 'how to do something: give the steps',
  'how-much': 'a figure (an amount, a duration or a time): lead with the figure if the passages have it',
  'can-i-say': 'whether a phrase may be said: lead with the rule it breaks or that it breaks none',
  situation: 'what to do or say right now, mid-stream: lead with one line to say',
  comparison: 'a choice between options: say how they differ',
  why: 'why something happens',
  other: 'something else',
};

/**
 * The question as retrieval read it, for the model: what it asks for, the platforms and products it names,
 * and whether the passages hold what it asks (they are only what retrieval found, and may not answer it).
 */
function describeQuestion(grounded: Grounded | undefined): string {
  if (!grounded) return 'not read (no knowledge base).';
  const { understood, topCoverage } = grounded;
  const named = [...understood.platforms, ...understood.products.map((product) => product.id)];
  const followUp = understood.followUpOf
    ? ` It follows up "${understood.followUpOf}": read it as "${understood.text}".`
    : '';
  const coverage =
    topCoverage >= 0.8
      ? 'The best passage holds most of what is asked.'
      : 'The best passage holds only part of what is asked: if the passages do not answer the question itself, begin with NOT_IN_KB as above rather than answering a nearby question.';
  return `it asks ${intentWords[understood.intent]}.${named.length > 0 ? ` It names: ${named.join(', ')}.` : ''}${followUp} ${coverage}`;
}

/** Anchors get a line to say now; owners step-by-step. Unknown role: judged by the question. */
function personaFor(profile: Profile, question: string): 'persona-anchor' | 'persona-owner' {
  if (profile.role === 'anchor') return 'persona-anchor';
  if (profile.role === 'owner') return 'persona-owner';
  return looksMidStream(question) ? 'persona-anchor' : 'persona-owner';
}

// Until a user's role is known, a question about what to say in a live room right now gets the anchor's
// tone: one line to say first, then at most two tips.
const midStream =
  /直播间|在线|观众|粉丝问|人都走|冷场|没人说话|没人互动|刷屏|弹幕|怎么接|说啥|咋说|咋回|on air|viewers?|\bchat\b|live room|mid-stream|what do i say|how do i respond/i;

function looksMidStream(question: string): boolean {
  return midStream.test(question);
}

/** The model's signal that the passages do not answer the question (see prompts/system.md). */
const notInKnowledgeBase = 'NOT_IN_KB';

function stripMarker(text: string): string {
  return text.replace(/NOT_IN_KB[:：]?\s*/g, '').trim();
}

/**
 * Passes deltas through, holding back the start of the answer until it is clear whether it begins with the
 * NOT_IN_KB marker, so users never see the marker in a streamed draft.
 */
function markerFilter(push: (delta: string) => void) {
  let held = '';
  let decided = false;
  const release = () => {
    decided = true;
    const text = held.startsWith(notInKnowledgeBase) ? stripMarker(held) : held;
    held = '';
    if (text) push(text);
  };
  return {
    push(delta: string) {
      if (decided) return push(delta);
      held += delta;
      const start = held.trimStart();
      const couldBeMarker = notInKnowledgeBase.startsWith(start.slice(0, notInKnowledgeBase.length));
      if (!couldBeMarker || start.length > notInKnowledgeBase.length) {
        held = start;
        release();
      }
    },
    flush() {
      if (decided) return;
      held = held.trimStart();
      release();
    },
  };
}

function citedLessons(text: string, grounded: Grounded): Citation[] {
  const cited = new Set([...text.matchAll(/\[(\d+)\]/g)].map((match) => Number(match[1])));
  const seen = new Map<string, Citation & { refs: number[] }>();
  for (const passage of grounded.passages) {
    if (!cited.has(passage.n)) continue;
    const citation = seen.get(passage.lessonId);
    if (citation) citation.refs.push(passage.n);
    else
      seen.set(passage.lessonId, {
        id: passage.lessonId,
        title: passage.title,
        track: passage.track,
        refs: [passage.n],
      });
  }
  for (const citation of seen.values()) citation.refs.sort((a, b) => a - b);
  return [...seen.values()];
}
