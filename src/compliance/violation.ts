/** @module What the checker reports: one finding per violating span of the original text. */
import type { ComplianceCategory } from './schema.ts';

/** A span of the original text: UTF-16 offsets, `end` exclusive, and the text between them. */
export interface TextSpan {
  start: number;
  end: number;
  text: string;
}

/** One violation. */
export interface ComplianceViolation {
  span: TextSpan;
  /** The rule's id. */
  rule: string;
  category: ComplianceCategory;
  /** Why it is a problem, in the language asked for. */
  reason: string;
  /** What to put in the span's place, in the span's language; empty means remove it. */
  rewrite: string;
  /**
   * No safe wording exists: the rewrite removes the whole clause holding the span and notes the removal at
   * the end (absent: the span is replaced by `rewrite`).
   */
  drop?: true;
  /** The law or platform rule behind it. */
  source: string;
  /** Whole lines the rule offers to say instead, in the language asked for; often none. */
  instead: string[];
}

/** What {@link ComplianceChecker.check} returns. */
export interface ComplianceResult {
  violations: ComplianceViolation[];
}
