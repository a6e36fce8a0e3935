/**
 * @module What a live-stream script is built from, read from one message of "label: value" lines
 * (产品：鹿肉 / Product: venison …), so a host can fill it in on a phone in one go.
 */
import { z } from 'zod';
import type { Language } from '../core/turn.ts';

/** A script request; stored per user so "/script shorter" can change the last one. */
export const scriptRequestSchema = z.object({
  product: z.string().min(1).max(60),
  price: z.string().max(60).optional(),
  specs: z.string().max(80).optional(),
  sellingPoints: z.array(z.string().max(80)).max(6).default([]),
  audience: z.string().max(60).optional(),
  minutes: z.number().int().min(20).max(240).default(60),
  platform: z.string().max(20).optional(),
  trafficItem: z.string().max(60).optional(),
  giveawayItem: z.string().max(60).optional(),
  profitItem: z.string().max(60).optional(),
  /** 0 = normal; each "more interaction" adds one prompt per segment. */
  interaction: z.number().int().min(0).max(3).default(0),
  language: z.enum(['zh', 'en']),
});

/** A script request. */
export type ScriptRequest = z.infer<typeof scriptRequestSchema>;

const labels: Array<[keyof ScriptRequest, RegExp]> = [
  ['product', /^(产品|商品|卖啥|product|item)$/i],
  ['price', /^(价格|价钱|售价|price)$/i],
  ['specs', /^(规格|重量|specs?|size|weight)$/i],
  ['sellingPoints', /^(卖点|亮点|selling points?|highlights?)$/i],
  ['audience', /^(人群|观众|买家|audience|buyers?)$/i],
  ['minutes', /^(时长|多长|分钟|length|minutes|duration)$/i],
  ['platform', /^(平台|platform)$/i],
  ['trafficItem', /^(引流款|traffic item)$/i],
  ['giveawayItem', /^(福利款|giveaway item|giveaway)$/i],
  ['profitItem', /^(利润款|profit item)$/i],
];

/** The fill-in form the bot sends when fields are missing. */
export function scriptForm(language: Language): string {
  return language === 'zh'
    ? '/script\n产品：鹿腿肉\n价格：128元\n规格：2.5斤\n卖点：自家鹿场、现场称重、冷链发货\n人群：送礼、家里炖肉\n时长：60\n平台：抖音\n引流款：9.9元鹿肉干小包\n福利款：鹿肉卷20份\n利润款：鹿肉礼盒'
    : '/script\nProduct: venison leg\nPrice: 128 yuan\nSpecs: 1.25 kg\nSelling points: own farm, weighed on camera, cold-chain delivery\nAudience: gifts, family stews\nMinutes: 60\nPlatform: Douyin\nTraffic item: 9.9-yuan jerky pack\nGiveaway item: 20 packs of venison rolls\nProfit item: venison gift box';
}

/** Reads a request from "label: value" lines; `product` is the one required field. */
export function parseScriptRequest(text: string, language: Language): ScriptRequest | undefined {
  const fields: Record<string, unknown> = { language };
  for (const line of text.split('\n')) {
    const match = /^\s*([^:：]{1,20})[:：]\s*(.+?)\s*$/.exec(line);
    if (!match) continue;
    const field = labels.find(([, pattern]) => pattern.test(match[1]!.trim()))?.[0];
    if (!field) continue;
    const value = match[2]!;
    if (field === 'sellingPoints')
      fields[field] = value
        .split(/[,，、;；]/)
        .map((s) => s.trim())
        .filter(Boolean);
    else if (field === 'minutes') fields[field] = Number(value.match(/\d+/)?.[0] ?? 60);
    else fields[field] = value;
  }
  const parsed = scriptRequestSchema.safeParse(fields);
  return parsed.success ? parsed.data : undefined;
}

/** Applies "shorter" / "more interaction" style follow-ups to the last request. */
export function reviseScriptRequest(request: ScriptRequest, instruction: string): ScriptRequest | undefined {
  if (/短|shorter|less time/i.test(instruction))
    return { ...request, minutes: Math.max(20, Math.round(request.minutes * 0.6)) };
  if (/长|longer|more time/i.test(instruction))
    return { ...request, minutes: Math.min(240, Math.round(request.minutes * 1.5)) };
  if (/互动|interaction|engag/i.test(instruction))
    return { ...request, interaction: Math.min(3, request.interaction + 1) };
  return undefined;
}
