import { describe, expect, it } from 'vitest';
import { loadComplianceChecker } from '../../src/compliance/load.ts';
import { buildLiveScript, renderLiveScript } from '../../src/scripts/live-script.ts';
import { parseScriptRequest, reviseScriptRequest } from '../../src/scripts/request.ts';

const form = `产品：鹿腿肉\n价格：128元\n规格：2.5斤\n卖点：自家鹿场、现场称重\n时长：90\n平台：抖音\n引流款：9.9元鹿肉干\n福利款：鹿肉卷20份\n利润款：鹿肉礼盒`;

describe('live-stream scripts offline', () => {
  it('reads the host’s inputs from one message', () => {
    expect(parseScriptRequest(form, 'zh')).toMatchObject({
      product: '鹿腿肉',
      price: '128元',
      sellingPoints: ['自家鹿场', '现场称重'],
      minutes: 90,
      giveawayItem: '鹿肉卷20份',
      profitItem: '鹿肉礼盒',
    });
    expect(parseScriptRequest('随便说点啥', 'zh')).toBeUndefined();
  });

  it('lays out a timed run of show that covers the whole stream, in order, without gaps', () => {
    const script = buildLiveScript(parseScriptRequest(form, 'zh')!);
    expect(script.segments[0]).toMatchObject({ start: 0, end: 5, name: '暖场' });
    expect(script.segments[1]).toMatchObject({ start: 5, end: 10, name: '福利款留人' });
    expect(script.segments.at(-1)).toMatchObject({ end: 90, name: '返场和预告' });
    for (const [i, segment] of script.segments.entries()) {
      if (i > 0) expect(segment.start).toBe(script.segments[i - 1]!.end);
    }
    const pushed = script.segments.map((s) => s.push).filter(Boolean);
    expect(pushed).toEqual(expect.arrayContaining(['9.9元鹿肉干', '鹿腿肉', '鹿肉礼盒']));
    expect(script.segments.some((s) => s.name === '重新介绍')).toBe(true);
  });

  it('uses the host’s facts and passes the compliance checker, in both languages', async () => {
    const checker = await loadComplianceChecker('knowledge/compliance');
    const zh = renderLiveScript(buildLiveScript(parseScriptRequest(form, 'zh')!), 'zh');
    expect(zh).toContain('价格：128元');
    expect(zh).toContain('这是普通食品，不能代替药物');
    expect(checker.check(zh).violations).toEqual([]);
    const en = renderLiveScript(
      buildLiveScript(
        parseScriptRequest(
          'Product: honey\nPrice: 68 yuan\nMinutes: 45\nGiveaway item: 10 small jars',
          'en',
        )!,
      ),
      'en',
    );
    expect(checker.check(en).violations).toEqual([]);
  });

  it('gets shorter or more interactive on request', () => {
    const request = parseScriptRequest(form, 'zh')!;
    expect(reviseScriptRequest(request, '短一点')!.minutes).toBe(54);
    const lively = buildLiveScript(reviseScriptRequest(request, 'more interaction')!);
    expect(lively.segments[0]!.interaction.length).toBe(2);
  });
});
