/**
 * @module Loading the compliance rules from `knowledge/compliance/`: every `*.yaml` is a rule file, except
 * `evasions.yaml`, the normaliser's table of homophones and pinyin. Everything is validated with zod and
 * every pattern compiled; a broken file fails to load with each problem naming its file and rule.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import { type ComplianceChecker, createComplianceChecker } from './checker.ts';
import { compileRule, RulePatternError } from './compile.ts';
import { compileEvasions, EvasionTableError } from './evasions.ts';
import {
  type ComplianceRule,
  complianceRuleFileSchema,
  complianceRuleSchema,
  type EvasionTable,
  evasionFileSchema,
} from './schema.ts';

/** The file that holds the evasion table rather than rules. */
export const evasionFileName = 'evasions.yaml';

/** A rule file's header. */
export interface ComplianceRuleFileInfo {
  /** The file name, e.g. `health-claims.yaml`. */
  file: string;
  version: number;
  updated: string;
  description: string;
  /** How many rules it holds (0 for the evasion table). */
  rules: number;
}

/** Every rule, in file order, with the evasion table. */
export interface ComplianceRuleSet {
  /** The rules directory (absolute). */
  dir: string;
  files: ComplianceRuleFileInfo[];
  rules: ComplianceRule[];
  evasions: EvasionTable;
}

/** Thrown by {@link loadComplianceRules}; `problems` lists every problem as `file: rule "id": field: message`. */
export class ComplianceRulesError extends Error {
  override name = 'ComplianceRulesError';
  readonly problems: readonly string[];

  constructor(dir: string, problems: readonly string[]) {
    const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
    super(`the compliance rules in ${dir} have ${count}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

function issues(error: z.ZodError): string[] {
  return error.issues.map(
    (issue) => `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`,
  );
}

function parseYaml(file: string, text: string, problems: string[]): unknown {
  try {
    return parse(text);
  } catch (error) {
    problems.push(`${file}: not valid YAML: ${(error as Error).message.split('\n')[0]}`);
    return undefined;
  }
}

function readRules(
  file: string,
  data: unknown,
  problems: string[],
): (ComplianceRuleFileInfo & { list: ComplianceRule[] }) | undefined {
  const header = complianceRuleFileSchema.safeParse(data);
  if (!header.success) {
    for (const issue of issues(header.error)) problems.push(`${file}: ${issue}`);
    return undefined;
  }
  const list: ComplianceRule[] = [];
  header.data.rules.forEach((raw, index) => {
    const id =
      raw && typeof raw === 'object' && 'id' in raw && typeof raw.id === 'string' ? raw.id : `#${index + 1}`;
    const where = `${file}: rule "${id}" (rules[${index}])`;
    const rule = complianceRuleSchema.safeParse(raw);
    if (!rule.success) {
      for (const issue of issues(rule.error)) problems.push(`${where}: ${issue}`);
      return;
    }
    try {
      compileRule(rule.data);
    } catch (error) {
      if (!(error instanceof RulePatternError)) throw error;
      problems.push(`${where}: ${error.message}`);
      return;
    }
    list.push(rule.data);
  });
  const { version, updated, description } = header.data;
  return { file, version, updated, description, rules: list.length, list };
}

function readEvasions(
  file: string,
  data: unknown,
  problems: string[],
): (ComplianceRuleFileInfo & { table: EvasionTable }) | undefined {
  const parsed = evasionFileSchema.safeParse(data);
  if (!parsed.success) {
    for (const issue of issues(parsed.error)) problems.push(`${file}: ${issue}`);
    return undefined;
  }
  try {
    compileEvasions(parsed.data);
  } catch (error) {
    if (!(error instanceof EvasionTableError)) throw error;
    problems.push(`${file}: ${error.message}`);
    return undefined;
  }
  const { version, updated, description, substitutions, pinyin } = parsed.data;
  return { file, version, updated, description, rules: 0, table: { substitutions, pinyin } };
}

/** Reads, validates and compiles the rule files in `dir`; throws {@link ComplianceRulesError} on any problem. */
export async function loadComplianceRules(dir: string): Promise<ComplianceRuleSet> {
  const names = (
    await readdir(dir).catch((error: Error) => {
      throw new ComplianceRulesError(dir, [`cannot read the directory: ${error.message}`]);
    })
  )
    .filter((name) => name.endsWith('.yaml') && !name.startsWith('.'))
    .sort();
  const problems: string[] = [];
  const files: ComplianceRuleFileInfo[] = [];
  const rules: ComplianceRule[] = [];
  const firstFile = new Map<string, string>();
  let evasions: EvasionTable = { substitutions: [], pinyin: [] };
  for (const name of names) {
    const data = parseYaml(name, await readFile(join(dir, name), 'utf8'), problems);
    if (data === undefined) continue;
    if (name === evasionFileName) {
      const read = readEvasions(name, data, problems);
      if (!read) continue;
      const { table, ...info } = read;
      evasions = table;
      files.push(info);
      continue;
    }
    const read = readRules(name, data, problems);
    if (!read) continue;
    const { list, ...info } = read;
    for (const rule of list) {
      const seen = firstFile.get(rule.id);
      if (seen) problems.push(`${name}: rule "${rule.id}": the id is already used in ${seen}`);
      else firstFile.set(rule.id, name);
    }
    files.push(info);
    rules.push(...list);
  }
  if (names.every((name) => name === evasionFileName)) problems.push(`no rule files (*.yaml) in ${dir}`);
  if (problems.length > 0) throw new ComplianceRulesError(dir, problems);
  return { dir: resolve(dir), files, rules, evasions };
}

/** Loads the rules in `dir` and builds a checker from them. */
export async function loadComplianceChecker(dir: string): Promise<ComplianceChecker> {
  return createComplianceChecker(await loadComplianceRules(dir));
}
