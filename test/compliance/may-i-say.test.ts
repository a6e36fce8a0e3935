/** "Can I say …?" questions get a verdict first: the rule the phrase breaks, or that no rule flags it. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ComplianceChecker } from '../../src/compliance/checker.ts';
import { createMayISay, type MayISay } from '../../src/compliance/may-i-say.ts';
import type { Language } from '../../src/core/turn.ts';
import { shipped } from './shipped.ts';

let checker: ComplianceChecker;
let mayISay: ReturnType<typeof createMayISay>;
beforeAll(async () => {
  ({ checker } = await shipped());
  mayISay = createMayISay(checker);
});

/** The verdict, which must be there. */
function verdict(question: string, language: Language): MayISay {
  const result = mayISay(question, language);
  expect(result, question).toBeDefined();
  return result!;
}

// Question, language, verdict, phrase asked about.
const wordings: ReadonlyArray<readonly [string, Language, MayISay['verdict'], string]> = [
  ['直播时说鹿血能降血压行不行', 'zh', 'breaks', '鹿血能降血压'],
  ['说鹿血片治失眠可以吗', 'zh', 'breaks', '鹿血片治失眠'],
  ['我能不能说鹿茸补肾', 'zh', 'breaks', '鹿茸补肾'],
  ['全网最低价算不算违规', 'zh', 'breaks', '全网最低价'],
  ['说"纯天然"会不会被封', 'zh', 'fine', '纯天然'],
  ['"新鲜现宰"能说吗', 'zh', 'fine', '新鲜现宰'],
  ['鹿血片可以说降血压吗？', 'zh', 'breaks', '降血压'],
  ['直播间能不能喊全网最低价', 'zh', 'breaks', '全网最低价'],
  ['可不可以说鹿肉很嫩', 'zh', 'fine', '鹿肉很嫩'],
  ['平台让说纯天然不', 'zh', 'fine', '纯天然'],
  ['直播说包邮可以不', 'zh', 'fine', '包邮'],
  ['能用“纯天然”这个词吗', 'zh', 'fine', '纯天然'],
  ['能用顶级这个词吗', 'zh', 'breaks', '顶级'],
  ['最好吃算极限词吗', 'zh', 'breaks', '最好吃'],
  ['「第一」是违禁词吗', 'zh', 'breaks', '第一'],
  ['纯天然是不是违禁词', 'zh', 'fine', '纯天然'],
  ['说加微信犯不犯法', 'zh', 'breaks', '加微信'],
  ['能不能在直播间说野生梅花鹿', 'zh', 'breaks', '野生梅花鹿'],
  ['直播时喊‘手慢无’行不行', 'zh', 'breaks', '手慢无'],
  ['能说好评返现吗', 'zh', 'breaks', '好评返现'],
  ['直播间能说去淘宝搜我们店吗？', 'zh', 'breaks', '去淘宝搜我们店'],
  ['我在快手卖鹿血片，直播时能说降血压吗？', 'zh', 'breaks', '降血压'],
  ['鹿茸片能说泡水喝吗', 'zh', 'breaks', '泡水喝'],
  // A quote may hold punctuation; the asking clause may stand apart, or come twice.
  ['说“最后三天”催大家下单，行不行？', 'zh', 'breaks', '最后三天'],
  ['直播里说“原价598，今天只要198”可以吗？其实没按598卖过', 'zh', 'breaks', '原价598，今天只要198'],
  ['直播间让观众加微信，算不算违规？会不会被封？', 'zh', 'breaks', '直播间让观众加微信'],
  ['国家级形容词是否违反广告法', 'zh', 'breaks', '国家级'],
  ['“极品”两字在广告语中是否属于“最高级”“最佳”等用语？', 'zh', 'breaks', '极品'],
  [
    '主播总是喊“全网最低价”“全网最高级”。请问：这种行为是否被法律所允许呢？',
    'zh',
    'breaks',
    '全网最低价、全网最高级',
  ],
  // A quoted word that is part of a quoted line stands for the line.
  ['直播开头说“第一次直播有点紧张”，带个“第一”会违规吗', 'zh', 'fine', '第一次直播有点紧张'],
  ['跟观众说“鹿肉最好冷冻保存”，这个“最好”属于极限词吗', 'zh', 'fine', '鹿肉最好冷冻保存'],
  ['直播说“这批一共40份，后台还剩12份”，算不算虚假营销', 'zh', 'fine', '这批一共40份，后台还剩12份'],
  ['is it ok to say our venison is the best in China', 'en', 'breaks', 'our venison is the best in China'],
  ['am I allowed to say "cures"', 'en', 'breaks', 'cures'],
  ['Can I say our venison lowers blood pressure?', 'en', 'breaks', 'our venison lowers blood pressure'],
  ['May I say our honey is raw?', 'en', 'fine', 'our honey is raw'],
  ['Can I use the word "organic" on stream?', 'en', 'fine', 'organic'],
  ['would saying "best venison" get me banned?', 'en', 'breaks', 'best venison'],
  ['Would "No. 1 in Jilin" get my stream banned?', 'en', 'breaks', 'No. 1 in Jilin'],
  ['Is "miracle" a banned word?', 'en', 'breaks', 'miracle'],
  ['is "farm fresh" against the rules?', 'en', 'fine', 'farm fresh'],
  ['Is it fine to write "100% pure" on the label?', 'en', 'breaks', '100% pure'],
  ['Can we claim it boosts immunity in the video?', 'en', 'breaks', 'it boosts immunity'],
  ['Can I shout "lowest price online" during my live stream?', 'en', 'breaks', 'lowest price online'],
  ['Is it legal to advertise foods as "brain supplements"?', 'en', 'breaks', 'brain supplements'],
  ["Is 'good for the kidneys' OK on a deer pizzle listing?", 'en', 'breaks', 'good for the kidneys'],
  [
    'Can I print "cash back for a five-star review" on my parcel cards?',
    'en',
    'breaks',
    'cash back for a five-star review',
  ],
];

describe('may I say', () => {
  it('reads the question in any wording: the verdict and the phrase asked about', () => {
    for (const [question, language, expected, phrase] of wordings) {
      const result = verdict(question, language);
      expect(result.verdict, question).toBe(expected);
      expect(result.phrase, question).toBe(phrase);
    }
  });

  it('answers "can I say X?" with the rule X breaks, a line to say instead, and the source', () => {
    const note = verdict('鹿血片可以说降血压吗？', 'zh').text;
    expect(note.split('\n')).toEqual([
      '⚠️ 不能这样说。',
      expect.stringMatching(/^• ❌"降血压"❌ ❌降血压❌、❌降血糖❌、❌降血脂❌是疾病作用/),
      '✅ 可以说："鹿血片是普通食品，配料和营养成分都印在包装上"',
      '依据：《中华人民共和国广告法》第十七条；《中华人民共和国食品安全法》第七十三条',
      '整段文案可以发 /check 检查。',
    ]);
    expect(verdict('直播间能不能喊全网最低价', 'zh').text).toContain(
      '• ❌"全网最低价"❌ ❌全网最低价❌没人能证明',
    );
    expect(verdict('直播间能不能喊全网最低价', 'zh').text).toContain(
      '✅ 可以说："今天直播间的价格是198元一盒"',
    );
    expect(verdict('直播间能说加微信吗', 'zh').text).toContain(
      '✅ 可以说："有问题在评论区问，或者找店铺客服"',
    );
    const en = verdict('Can I say our venison lowers blood pressure?', 'en').text;
    expect(en).toMatch(/^⚠️ You can't say that\.\n• ❌"lowers blood pressure"❌ /);
    expect(en).toContain(
      '✅ You can say: "Venison is high in protein and low in fat; see the nutrition table on the pack"',
    );
    expect(en).toContain('\nSource: Advertising Law of the PRC, Arts. 17–18');
    expect(en).toMatch(/\nSend a whole caption or script with \/check to check it\.$/);
    // Asked in one language about a phrase of the other, answered in the language of the answer.
    expect(verdict('Can I say our coffee is 壮阳补肾?', 'en').text).toMatch(
      /^⚠️ You can't say that\.\n• ❌"壮阳"❌ /,
    );
  });

  it("names each rule broken once, the first rule's line to say instead, and each source once", () => {
    const note = verdict('能说"最好的鹿肉"和"加我微信"吗', 'zh');
    expect(note.phrase).toBe('最好的鹿肉、加我微信');
    const lines = note.text.split('\n');
    expect(lines.filter((line) => line.startsWith('• '))).toEqual([
      expect.stringMatching(/^• ❌"最好的"❌ /),
      expect.stringMatching(/^• ❌"加我微信"❌ /),
    ]);
    expect(lines.filter((line) => line.startsWith('✅'))).toEqual([
      '✅ 可以说："我们家的鹿肉是自家鹿场养的，肉质细嫩，可以先买一盒尝尝"',
    ]);
    const sources = verdict('全网最低价算不算违规', 'zh')
      .text.split('\n')
      .find((l) => l.startsWith('依据：'))!;
    expect(sources.match(/《中华人民共和国广告法》第九条第（三）项/g)).toHaveLength(1);
  });

  it('says a phrase no rule flags is fine, naming the rules it was checked against', () => {
    expect(verdict('"新鲜现宰"能说吗', 'zh')).toEqual({
      verdict: 'fine',
      phrase: '新鲜现宰',
      text: '✅ "新鲜现宰" 没有查到违规：查过极限词、功效宣称、鹿产品类别、价格促销、站外导流、权威背书和迷信说法的规则。说的时候要和事实一致（产地、规格、价格都要能拿出依据）。',
    });
    expect(verdict('May I say "farm-raised sika deer"?', 'en').text).toMatch(
      /^✅ "farm-raised sika deer" breaks none of the rules I check: absolute terms, health claims/,
    );
    // A phrase judged in its own words: what else the question says is not held against it.
    expect(verdict('我最想问，能说新鲜吗', 'zh').verdict).toBe('fine');
    // What the question says around the phrase is, where it makes the phrase a violation.
    expect(verdict('鹿茸片能说泡水喝吗', 'zh').text).toContain('鹿茸、鹿角、鹿胎、鹿骨不是普通食品');
  });

  it('says nothing when the question does not ask whether something may be said', () => {
    for (const [question, language] of [
      ['直播间人少怎么办', 'zh'],
      // A flagged word in a question that is not "may I say it": the lessons answer it.
      ['全网最低价的货从哪进', 'zh'],
      ['可以用抖音开直播吗', 'zh'],
      ['能说说直播技巧吗', 'zh'],
      ['能说一下鹿血片的卖点吗', 'zh'],
      ['你能说中文吗', 'zh'],
      ['可以写文案吗', 'zh'],
      // Not saying something: not speaking Mandarin, talking about wellness beside a link.
      ['抖音直播不说普通话违法吗', 'zh'],
      ['视频里讲点养生知识 下边挂个链接 行吗', 'zh'],
      ['How do I price venison?', 'en'],
      ['Can I use Douyin to sell venison?', 'en'],
      ['Can you say this in Chinese?', 'en'],
    ] as const) {
      expect(mayISay(question, language), question).toBeUndefined();
    }
  });

  it('gives no "fine" when it cannot tell which phrase is meant, or whether it is a wording at all', () => {
    for (const [question, language] of [
      // No phrase named.
      ['这句话能说吗', 'zh'],
      ['哪些词不能说', 'zh'],
      ['Can I say that?', 'en'],
      ['What can I say about deer blood?', 'en'],
      // An act rather than a wording: the rules judge words; the lessons answer these.
      ['直播间挂车违规吗', 'zh'],
      ['能在视频里提拼多多吗', 'zh'],
      ['Am I allowed to mention Taobao?', 'en'],
    ] as const) {
      expect(mayISay(question, language), question).toBeUndefined();
    }
    // The same wordings still answer "breaks" when the rules flag the question.
    expect(verdict('全网最低价违规吗', 'zh').verdict).toBe('breaks');
  });

  it('passes the compliance rewrite unchanged: what the rules forbid is marked as a bad example', () => {
    const questions: Array<readonly [string, Language]> = [
      ...wordings.map(([question, language]) => [question, language] as const),
      ['直播间能说抗癌吗', 'zh'],
      ['Can I say our coffee is 壮阳补肾?', 'en'],
      ['Can I say lowest price anywhere and cures?', 'en'],
      ['蜂蜜能说增强免疫力吗', 'zh'],
      // A reason that itself shows the ❌…❌ mark.
      ['鹿茸片能说治疗高血压吗', 'zh'],
      ['能说"最好的鹿肉"和"加我微信"吗', 'zh'],
      ['May I say "farm-raised sika deer"?', 'en'],
    ];
    for (const [question, language] of questions) {
      const { text } = verdict(question, language);
      expect(checker.rewrite(text).text, question).toBe(text);
      expect(checker.check(text).violations, question).toEqual([]);
    }
  });
});
