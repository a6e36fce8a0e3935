/**
 * @module Quick tips in Telegram, for anchors mid-stream: `/tip` lists the situations as buttons and each
 * press sends one tip (the next one on every press); `/tip <words>` sends the best match at once; inline mode
 * (`@bot 留人` typed in any chat) lists matching tips as articles the anchor can send into that chat.
 */
import { Composer, InlineKeyboard } from 'grammy';
import type { InlineQueryResultArticle } from 'grammy/types';
import { languageFromHint } from '../../../core/language.ts';
import type { Language } from '../../../core/turn.ts';
import type { Tip } from '../../../knowledge/parse.ts';
import { tipsPhrases } from '../../../tips/phrases.ts';
import { createRotation, type Rotation } from '../../../tips/rotation.ts';
import type { SituationSummary, TipFinder, TipMatch } from '../../../tips/tip-finder.ts';
import type { BotContext } from '../context.ts';

const han = /\p{Script=Han}/u;
/** Telegram shows up to 50 inline results; 20 fit a phone screen's worth of scrolling. */
const inlineLimit = 20;
/** Seconds Telegram may cache an inline answer: short, so new tips show up soon. */
const inlineCacheSeconds = 10;
/** What an empty inline query shows: the two situations anchors reach for most. */
const inlineDefaults = ['viewers-leaving', 'nobody-talking'];
const inlineDefaultsEach = 3;
/** Callback data of the "other situations" button (no situation key is `menu`). */
const menuData = 'tip:menu';

function situationKeyboard(finder: TipFinder, lang: Language): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  finder.situations(lang).forEach((situation, i) => {
    keyboard.text(situation.title, `tip:${situation.key}`);
    if (i % 2 === 1) keyboard.row();
  });
  return keyboard;
}

async function showSituations(ctx: BotContext, finder: TipFinder, lang: Language, text: string) {
  await ctx.reply(text, { reply_markup: situationKeyboard(finder, lang) });
}

/** The inline answer's language: Chinese for a Chinese query, else the user's client language. */
function inlineLanguage(query: string, languageCode: string | undefined): Language {
  return han.test(query) ? 'zh' : languageFromHint(languageCode);
}

/** A few tips from each default situation, interleaved, for an empty inline query. */
function defaultMatches(finder: TipFinder, lang: Language): TipMatch[] {
  const columns = inlineDefaults.map((key) => {
    const situation = finder.situations(lang).find((s) => s.key === key);
    const tips = situation ? finder.forSituation(key, lang).slice(0, inlineDefaultsEach) : [];
    return tips.map((tip) => ({ tip, situation: situation!, score: 0 }));
  });
  return Array.from({ length: inlineDefaultsEach }, (_, i) => i).flatMap((i) =>
    columns.flatMap((column) => column[i] ?? []),
  );
}

/** Whose rotation: the person (or, with no sender, the chat), per language and situation. */
function rotationId(ctx: BotContext, lang: Language, key: string): string {
  return `${ctx.from?.id ?? ctx.chat?.id}:${lang}:${key}`;
}

function article({ tip, situation }: TipMatch, lang: Language): InlineQueryResultArticle {
  return {
    type: 'article',
    id: `${lang}:${tip.id}`,
    title: situation.title,
    description: tip.text,
    input_message_content: { message_text: tip.text },
  };
}

/** Quick tips: `/tip`, `/tip <words>`, the `tip:<key>` buttons and inline queries. */
export function tipsFeature(finder: TipFinder, rotation: Rotation = createRotation()): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const languageOf = (ctx: BotContext) => languageFromHint(ctx.from?.language_code);

  const sendTip = async (ctx: BotContext, lang: Language, situation: SituationSummary, tip: Tip) => {
    const say = tipsPhrases(lang);
    const index = finder.forSituation(situation.key, lang).findIndex((t) => t.id === tip.id);
    rotation.shown(rotationId(ctx, lang, situation.key), index);
    await ctx.reply(say.tip(situation.title, tip.text), {
      reply_markup: new InlineKeyboard()
        .text(say.another, `tip:${situation.key}`)
        .text(say.otherSituations, menuData),
    });
  };

  composer.command(['tip', 'tips'], async (ctx) => {
    const lang = languageOf(ctx);
    const say = tipsPhrases(lang);
    const query = ctx.match.trim();
    if (!query) return showSituations(ctx, finder, lang, say.chooseSituation);
    const [best] = finder.search(query, lang, 1);
    if (!best) return showSituations(ctx, finder, lang, say.noMatch(query));
    await sendTip(ctx, lang, best.situation, best.tip);
  });

  composer.callbackQuery(/^tip:([\w-]+)$/, async (ctx) => {
    const lang = languageOf(ctx);
    const say = tipsPhrases(lang);
    if (ctx.callbackQuery.data === menuData) {
      await ctx.answerCallbackQuery();
      return showSituations(ctx, finder, lang, say.chooseSituation);
    }
    const key = ctx.callbackQuery.data.slice('tip:'.length);
    const situation = finder.situations(lang).find((s) => s.key === key);
    const count = finder.forSituation(key, lang).length;
    if (!situation || count === 0) {
      await ctx.answerCallbackQuery({ text: say.gone });
      return showSituations(ctx, finder, lang, say.chooseSituation);
    }
    await ctx.answerCallbackQuery();
    const tip = finder.random(key, lang, rotation.next(rotationId(ctx, lang, key), count))!;
    await sendTip(ctx, lang, situation, tip);
  });

  composer.on('inline_query', async (ctx) => {
    const query = ctx.inlineQuery.query.trim();
    const lang = inlineLanguage(query, ctx.from.language_code);
    const matches = query ? finder.search(query, lang, inlineLimit) : defaultMatches(finder, lang);
    await ctx.answerInlineQuery(
      matches.map((match) => article(match, lang)),
      { cache_time: inlineCacheSeconds, is_personal: true },
    );
  });

  return composer;
}
