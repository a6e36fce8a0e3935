/** The rule files: the shipped ones load and keep their own examples; broken ones fail naming file and rule. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createComplianceChecker } from '../../src/compliance/checker.ts';
import { ComplianceRulesError, loadComplianceRules } from '../../src/compliance/load.ts';
import { type ComplianceRule, complianceCategories } from '../../src/compliance/schema.ts';
import { rulesDir } from './shipped.ts';

const ruleSet = await loadComplianceRules(rulesDir);
const checker = createComplianceChecker(ruleSet);
const temporary: string[] = [];

afterAll(async () => {
  await Promise.all(temporary.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A rules directory holding `files`; resolves to the problems loading it reports. */
async function problemsOf(files: Record<string, string>): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'cunbo-rules-'));
  temporary.push(dir);
  await Promise.all(Object.entries(files).map(([name, text]) => writeFile(join(dir, name), text)));
  try {
    await loadComplianceRules(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(ComplianceRulesError);
    return [...(error as ComplianceRulesError).problems];
  }
  return [];
}

const header = 'version: 1\nupdated: 2026-12-01\ndescription: test rules\nrules:\n';
const goodRule = `  - id: good-rule
    category: absolute-terms
    source: 《广告法》第九条
    patterns: ['顶级']
    reason: { zh: 不行, en: No }
    rewrite: { zh: 优质, en: good }
`;

describe('the shipped rules', () => {
  it('cover every category, each file versioned and dated, each rule naming its source', () => {
    expect(new Set(ruleSet.rules.map((r) => r.category))).toEqual(new Set(complianceCategories));
    expect(ruleSet.files.map((f) => f.file)).toEqual([
      'absolute-terms.yaml',
      'authority.yaml',
      'deer-category.yaml',
      'diversion.yaml',
      'evasions.yaml',
      'health-claims.yaml',
      'price-urgency.yaml',
      'superstition.yaml',
    ]);
    for (const file of ruleSet.files) {
      expect(file.version).toBeGreaterThanOrEqual(1);
      expect(file.updated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    for (const rule of ruleSet.rules) expect(rule.source.length, rule.id).toBeGreaterThan(3);
    expect(new Set(ruleSet.rules.map((r) => r.id)).size).toBe(ruleSet.rules.length);
    expect(ruleSet.evasions.substitutions.find((s) => s.to === '微信')?.from).toContain('vx');
  });

  it('flag the lines each rule lists as flag, and pass the lines it lists as pass', () => {
    const withExamples = ruleSet.rules.filter((rule): rule is ComplianceRule & { examples: object } =>
      Boolean(rule.examples),
    );
    expect(withExamples.length).toBeGreaterThan(20);
    for (const rule of withExamples) {
      for (const line of rule.examples?.flag ?? []) {
        const rules = checker.check(line).violations.map((v) => v.rule);
        expect(rules, `${rule.id} should flag ${line}`).toContain(rule.id);
      }
      for (const line of rule.examples?.pass ?? []) {
        const rules = checker.check(line).violations.map((v) => v.rule);
        expect(rules, `${rule.id} should pass ${line}`).not.toContain(rule.id);
      }
    }
  });
});

describe('the lines each rule offers to say instead', () => {
  it('are there in both languages for every rule', () => {
    for (const rule of ruleSet.rules) {
      expect(rule.instead?.zh.length ?? 0, `${rule.id}: instead.zh`).toBeGreaterThanOrEqual(1);
      expect(rule.instead?.en.length ?? 0, `${rule.id}: instead.en`).toBeGreaterThanOrEqual(1);
      expect(rule.instead!.zh.length + rule.instead!.en.length, rule.id).toBeLessThanOrEqual(4);
    }
  });

  it('pass every rule, in either language of the reasons', () => {
    for (const rule of ruleSet.rules) {
      for (const language of ['zh', 'en'] as const) {
        for (const line of rule.instead?.[language] ?? []) {
          expect(checker.check(line).violations, `${rule.id}: ${line}`).toEqual([]);
          expect(checker.check(line, { lang: language === 'zh' ? 'en' : 'zh' }).violations).toEqual([]);
        }
      }
    }
  });

  it('come with each violation of the rule, in the language of its reason', () => {
    const [violation] = checker.check('全网最低价', { lang: 'en' }).violations;
    expect(violation?.rule).toBe('price-lowest');
    expect(violation?.instead).toEqual(["Today's live price is 198 yuan a box"]);
    expect(checker.check('全网最低价').violations[0]?.instead).toEqual(['今天直播间的价格是198元一盒']);
  });

  it('are optional, and each language a list of text', async () => {
    expect(await problemsOf({ 'a.yaml': header + goodRule })).toEqual([]);
    const withInstead = `${goodRule}    instead: { zh: [优质鹿肉] }\n`;
    expect(await problemsOf({ 'a.yaml': header + withInstead })).toEqual([]);
    const wrong = `${goodRule}    instead: { zh: 优质鹿肉, fr: [x] }\n`;
    expect(await problemsOf({ 'a.yaml': header + wrong })).toEqual(
      expect.arrayContaining([expect.stringMatching(/^a\.yaml: rule "good-rule" \(rules\[0\]\): instead/)]),
    );
  });
});

describe('loadComplianceRules on broken files', () => {
  it('loads a minimal valid directory', async () => {
    expect(await problemsOf({ 'a.yaml': header + goodRule })).toEqual([]);
  });

  it('names the file, the rule and the field of a pattern that does not compile', async () => {
    const problems = await problemsOf({
      'absolute.yaml': `${header}${goodRule}  - id: broken-rule
    category: absolute-terms
    source: 《广告法》第九条
    patterns: ['ok', '(最']
    reason: { zh: 不行, en: No }
    rewrite: { zh: '', en: '' }
`,
    });
    expect(problems).toEqual([
      expect.stringMatching(
        /^absolute\.yaml: rule "broken-rule" \(rules\[1\]\): patterns\[1\]: not a valid regular expression/,
      ),
    ]);
  });

  it('names the file and rule of a missing or wrong field', async () => {
    const problems = await problemsOf({
      'health.yaml': `${header}  - id: no-english
    category: health
    source: 《食品安全法》第七十三条
    patterns: ['抗癌']
    reason: { zh: 不行 }
    rewrite: { zh: '', en: '' }
`,
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^health\.yaml: rule "no-english" \(rules\[0\]\): category: /),
        expect.stringMatching(/^health\.yaml: rule "no-english" \(rules\[0\]\): reason\.en: /),
      ]),
    );
  });

  it('refuses a pattern with characters normalised text never has (upper case, full-width punctuation)', async () => {
    const problems = await problemsOf({
      'a.yaml': `${header}  - id: shouty
    category: absolute-terms
    source: 《广告法》第九条
    patterns: ['NO1', '最好，']
    reason: { zh: 不行, en: No }
    rewrite: { zh: '', en: '' }
`,
    });
    expect(problems).toEqual([
      expect.stringMatching(/^a\.yaml: rule "shouty" \(rules\[0\]\): patterns\[0\]: "N" never occurs/),
    ]);
    const comma = await problemsOf({ 'a.yaml': header + goodRule.replace("['顶级']", "['顶级，']") });
    expect(comma).toEqual([expect.stringMatching(/patterns\[0\]: "，" never occurs/)]);
  });

  it('reports a rule id used twice, naming both files', async () => {
    const problems = await problemsOf({ 'a.yaml': header + goodRule, 'b.yaml': header + goodRule });
    expect(problems).toEqual(['b.yaml: rule "good-rule": the id is already used in a.yaml']);
  });

  it('reports a file that is not YAML, or lacks its version and date', async () => {
    const problems = await problemsOf({
      'a.yaml': header + goodRule,
      'bad.yaml': 'rules: [oops',
      'undated.yaml': `description: x\nrules:\n${goodRule.replace('good-rule', 'other-rule')}`,
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^bad\.yaml: not valid YAML/),
        expect.stringMatching(/^undated\.yaml: version: /),
        expect.stringMatching(/^undated\.yaml: updated: /),
      ]),
    );
  });

  it('checks the evasion table: spellings must already be normalised, pinyin one syllable a character', async () => {
    const evasions = `version: 1\nupdated: 2026-12-01\ndescription: x\nsource: y\n`;
    expect(
      await problemsOf({
        'a.yaml': header + goodRule,
        'evasions.yaml': `${evasions}substitutions: [{ to: 微信, from: [VX] }]\n`,
      }),
    ).toEqual([
      expect.stringMatching(/^evasions\.yaml: substitution for "微信": "VX" is not in normalised form/),
    ]);
    expect(
      await problemsOf({
        'a.yaml': header + goodRule,
        'evasions.yaml': `${evasions}pinyin: [{ hanzi: 降血压, pinyin: jiang xue }]\n`,
      }),
    ).toEqual([
      expect.stringMatching(/^evasions\.yaml: pinyin\.0: expected one pinyin syllable per character/),
    ]);
  });

  it('reports a directory without rule files, or one that does not exist', async () => {
    expect(await problemsOf({ 'notes.txt': 'x' })).toEqual([expect.stringMatching(/^no rule files/)]);
    await expect(loadComplianceRules(join(tmpdir(), 'cunbo-no-such-rules'))).rejects.toThrow(/cannot read/);
  });
});

beforeAll(() => {
  expect(ruleSet.rules.length).toBeGreaterThan(20);
});
