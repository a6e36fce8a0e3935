/**
 * @module A timed live-stream run of show, assembled offline from the live-track pattern (warm-up,
 * giveaway, a product cycle every 10-15 minutes, re-introductions, close) and the host's inputs. The lines
 * are compliant by construction: no absolute terms, no health effects, urgency only "if true".
 */
import { z } from 'zod';
import type { Language } from '../core/turn.ts';
import type { ScriptRequest } from './request.ts';

/** A generated script; also the schema a model's structured output must satisfy. */
export const liveScriptSchema = z.object({
  title: z.string().min(1),
  segments: z
    .array(
      z.object({
        start: z.number().int().min(0),
        end: z.number().int().min(1),
        name: z.string().min(1),
        lines: z.array(z.string().min(1)).min(1),
        interaction: z.array(z.string()).default([]),
        push: z.string().optional(),
      }),
    )
    .min(3),
  objections: z.array(z.object({ question: z.string(), answer: z.string() })).default([]),
});

/** A run of show. */
export type LiveScript = z.infer<typeof liveScriptSchema>;

const words = {
  zh: {
    title: (p: string, m: number) => `${p} 直播脚本（${m}分钟）`,
    warmUp: '暖场',
    giveaway: '福利款留人',
    cycle: (item: string) => `过款：${item}`,
    reintro: '重新介绍',
    close: '返场和预告',
    greet: '欢迎刚进来的家人！我是咱自家的主播，今天在产地现场给大家直播。',
    preview: (g: string) => `一会儿上福利：${g}，份数开播前就定好了，说多少就上多少。先点个关注。`,
    likes: '点赞到一千，我给大家现场演示一下怎么做、怎么吃。',
    show: (item: string, spec?: string) =>
      `大家看，这就是${item}${spec ? `，规格${spec}` : ''}，放上秤给大家看看分量。`,
    points: (points: string[]) =>
      points.length ? `说说为啥选咱家：${points.join('，')}。` : '给大家讲讲产地和怎么做出来的。',
    price: (price?: string) =>
      price ? `价格：${price}，跟商品页写的一样。` : '价格看1号链接，跟商品页写的一样。',
    use: '怎么做、怎么存，我一会儿在评论区一条条回答。',
    urgency: '（只在真的时候说）这批就备了这么多，拍完就下架了。',
    order: '1号链接，现在可以拍了。',
    after: '冷链发货，有问题找平台客服，咱都认。',
    reintroLine: (p: string, g?: string) =>
      `刚进来的家人，我们卖的是${p}，自家产地直发${g ? `，今天的福利是${g}` : ''}。`,
    closeLines: (next: string) => [
      `卖得好的${next}再上一次，没拍到的抓紧。`,
      '下场直播时间我放在主页，点个关注，开播有提醒。',
      '谢谢大家陪我这么久！',
    ],
    interactions: [
      '想要的扣1。',
      '想要大份的扣A，小份的扣B。',
      '扣一下你在哪个城市，我看看冷链几天能到。',
      '吃过的家人说说怎么做的？',
    ],
    objections: [
      ['太贵了', '咱讲讲这个价买到的是啥：产地直发、现场称重、冷链到家。也可以先拍小份尝尝。'],
      ['是真的吗？', '给大家看产地、现场称重，相关证明和检测报告可以在镜头前看。'],
      ['吃了有什么效果？', '这是普通食品，不能代替药物，身体有情况请咨询医生。咱说说它好吃在哪、怎么做。'],
      ['多久能到？', '下单后按商品页写的时间发货，冷链运输，到了有问题找平台客服。'],
    ] as Array<[string, string]>,
  },
  en: {
    title: (p: string, m: number) => `${p}: live-stream script (${m} minutes)`,
    warmUp: 'Warm-up',
    giveaway: 'Giveaway to keep viewers',
    cycle: (item: string) => `Product cycle: ${item}`,
    reintro: 'Re-introduction',
    close: 'Encore and next stream',
    greet: "Welcome, everyone just coming in! We're streaming live from our own farm today.",
    preview: (g: string) =>
      `The giveaway is coming up: ${g}. The number of units is fixed before we start. Tap follow so you don't miss it.`,
    likes: "At 1,000 likes I'll show you how to cook it right here.",
    show: (item: string, spec?: string) =>
      `Here it is: ${item}${spec ? `, ${spec}` : ''}. Let me put it on the scale so you can see the weight.`,
    points: (points: string[]) =>
      points.length
        ? `Why ours: ${points.join(', ')}.`
        : "Let me tell you where it comes from and how it's made.",
    price: (price?: string) =>
      price
        ? `The price is ${price}, the same as on the product page.`
        : 'The price is on link 1, the same as on the product page.',
    use: "How to cook and store it: I'll answer each question in the comments.",
    urgency: '(Say only if true) This batch is all we prepared; when it sells out, the link comes down.',
    order: 'Link 1 is open now.',
    after: 'Cold-chain delivery; any problem, contact the platform customer service and we will sort it out.',
    reintroLine: (p: string, g?: string) =>
      `If you just joined: we sell ${p} straight from our farm${g ? `, and today's giveaway is ${g}` : ''}.`,
    closeLines: (next: string) => [
      `${next} sold well, so here it is once more.`,
      'The next stream time is on my profile; tap follow to get a reminder.',
      'Thank you all for staying with me!',
    ],
    interactions: [
      'Type 1 if you want one.',
      'Type A for the big pack, B for the small one.',
      "Type your city and I'll tell you how long cold-chain delivery takes.",
      'Those who have tried it: how do you cook it?',
    ],
    objections: [
      [
        'Too expensive',
        "Here's what the price buys: straight from the farm, weighed on camera, cold-chain to your door. You can start with a small pack.",
      ],
      [
        'Is it real?',
        'Look at the farm and the scale; the certificates and the lab report are right here on camera.',
      ],
      [
        'What does it do for my health?',
        "It's ordinary food, not medicine; for health problems please see a doctor. Let me tell you how it tastes and how to cook it.",
      ],
      [
        'How long is delivery?',
        'We ship within the time on the product page, by cold chain; any problem, contact platform customer service.',
      ],
    ] as Array<[string, string]>,
  },
};

/** Builds the run of show for `request`. */
export function buildLiveScript(request: ScriptRequest): LiveScript {
  const w = words[request.language as Language];
  const total = request.minutes;
  const interactionCount = 1 + request.interaction;
  const pick = (n: number) =>
    Array.from({ length: interactionCount }, (_, i) => w.interactions[(n + i) % w.interactions.length]!);
  const segments: LiveScript['segments'] = [];
  segments.push({
    start: 0,
    end: 5,
    name: w.warmUp,
    lines: [w.greet, w.preview(request.giveawayItem ?? request.trafficItem ?? request.product), w.likes],
    interaction: pick(0),
  });
  const opener = request.giveawayItem ?? request.trafficItem;
  if (opener)
    segments.push({
      start: 5,
      end: 10,
      name: w.giveaway,
      lines: [w.show(opener), w.order],
      interaction: pick(1),
      push: opener,
    });
  const items = [request.trafficItem, request.product, request.profitItem].filter(
    (item): item is string => Boolean(item) && item !== opener,
  );
  const cycleLength = total >= 90 ? 15 : 10;
  let at = opener ? 10 : 5;
  let sinceIntro = at;
  let n = 0;
  while (at + cycleLength <= total - 10) {
    if (sinceIntro >= 20) {
      segments.push({
        start: at,
        end: at + 2,
        name: w.reintro,
        lines: [w.reintroLine(request.product, request.giveawayItem)],
        interaction: pick(n + 2),
      });
      at += 2;
      sinceIntro = 0;
      continue;
    }
    const item = items[n % items.length] ?? request.product;
    const isMain = item === request.product;
    segments.push({
      start: at,
      end: at + cycleLength,
      name: w.cycle(item),
      lines: [
        w.show(item, isMain ? request.specs : undefined),
        w.points(isMain ? request.sellingPoints : []),
        w.price(isMain ? request.price : undefined),
        w.use,
        w.urgency,
        w.order,
        w.after,
      ],
      interaction: pick(n + 1),
      push: item,
    });
    at += cycleLength;
    sinceIntro += cycleLength;
    n += 1;
  }
  segments.push({
    start: at,
    end: total,
    name: w.close,
    lines: w.closeLines(request.product),
    interaction: pick(3),
  });
  return {
    title: w.title(request.product, total),
    segments,
    objections: w.objections.map(([question, answer]) => ({ question, answer })),
  };
}

/** The script as text, for the chat message and the downloadable file. */
export function renderLiveScript(script: LiveScript, language: Language): string {
  const minute = (m: number) => (language === 'zh' ? `${m}分` : `${m}′`);
  const blocks = script.segments.map((s) => {
    const lines = s.lines.map((line) => `  • ${line}`);
    const interaction = s.interaction.map((line) => `  💬 ${line}`);
    return [`⏱ ${minute(s.start)}–${minute(s.end)}  ${s.name}`, ...lines, ...interaction].join('\n');
  });
  const objectionTitle = language === 'zh' ? '常见问题怎么答' : 'Answering common objections';
  const objections = script.objections.map((o) => `  ❓ ${o.question}\n     ${o.answer}`);
  return [`🎬 ${script.title}`, ...blocks, `${objectionTitle}\n${objections.join('\n')}`].join('\n\n');
}
