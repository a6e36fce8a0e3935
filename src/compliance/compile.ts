/**
 * @module Compiling a rule's patterns and exceptions into regular expressions over normalised text.
 * `{gap:N}` stands for up to N characters that do not end a clause; `{han}` for one Chinese character;
 * `{neg}` for a negation (不, 别, 勿, 禁止, 严禁, 千万别, 拒绝), but not 不错, 不少, 识别, 别人 and the like.
 */
import type { ComplianceRule } from './schema.ts';

/** A rule ready to run. */
export interface CompiledRule {
  rule: ComplianceRule;
  patterns: RegExp[];
  exceptions: RegExp[];
  /** The rule's `rewrites` table, each `match` compiled (case-insensitive, over a span's original text). */
  rewrites: Array<{ match: RegExp; zh?: string; en?: string; drop?: boolean }>;
  /** Whether the rewrite inserts a pattern's groups (`$1`), so matches need group indices. */
  usesGroups: boolean;
}

/** Characters that end a clause in normalised text (full-width ，！？； are already half-width). */
export const clauseEnd = ',。!?;\\n.—';

/** Thrown for a pattern that is not a valid regular expression or could never match normalised text. */
export class RulePatternError extends Error {
  override name = 'RulePatternError';
  /** Where in the rule: `patterns[2]` or `exceptions[0]`. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.field = field;
  }
}

/** A negation word, leaving out words that merely contain 不 or 别. */
const negation =
  '(?:不(?![错少仅同过断管论久然如光止一了])|(?<![识区特分告级性类离差辨鉴个派])别(?![人的家墅处])|勿|禁止|严禁|千万别|拒绝)';

/** Expands the macros of a pattern. */
export function expandPattern(pattern: string): string {
  return pattern
    .replace(/\{gap:(\d+)\}/g, (_, n: string) => `[^${clauseEnd}]{0,${n}}?`)
    .replace(/\{han\}/g, '\\p{Script=Han}')
    .replace(/\{neg\}/g, negation);
}

/** Characters normalised text never contains: upper case and full-width forms (escapes excepted). */
function impossibleCharacter(pattern: string): string | undefined {
  const literal = pattern.replace(/\\[pP]\{[^}]*\}/g, '').replace(/\\./g, '');
  return /[A-Z\uff01-\uff5e\u3000]/.exec(literal)?.[0];
}

function compilePattern(field: string, pattern: string, flags: string): RegExp {
  const wrong = impossibleCharacter(pattern);
  if (wrong)
    throw new RulePatternError(
      field,
      `"${wrong}" never occurs in normalised text (write lower case and half-width , ! ? ; : ( ))`,
    );
  try {
    return new RegExp(expandPattern(pattern), flags);
  } catch (error) {
    throw new RulePatternError(field, `not a valid regular expression: ${(error as Error).message}`);
  }
}

/** Compiles a rule; throws {@link RulePatternError} naming the pattern. */
export function compileRule(rule: ComplianceRule): CompiledRule {
  const usesGroups = /\$\d/.test(rule.rewrite.zh + rule.rewrite.en);
  const flags = usesGroups ? 'gud' : 'gu';
  return {
    rule,
    patterns: rule.patterns.map((p, i) => compilePattern(`patterns[${i}]`, p, flags)),
    exceptions: rule.exceptions.map((p, i) => compilePattern(`exceptions[${i}]`, p, 'gu')),
    rewrites: (rule.rewrites ?? []).map((entry, i) => {
      let match: RegExp;
      try {
        match = new RegExp(entry.match, 'iu');
      } catch (error) {
        throw new RulePatternError(
          `rewrites[${i}].match`,
          `not a valid regular expression: ${(error as Error).message}`,
        );
      }
      if (entry.zh === undefined && entry.en === undefined && !entry.drop)
        throw new RulePatternError(`rewrites[${i}]`, 'expected zh, en or drop: true');
      return { ...entry, match };
    }),
    usesGroups,
  };
}
