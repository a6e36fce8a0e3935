/**
 * @module Rewriting text so it passes: each violating span is replaced by its rule's safe rewrite, or
 * removed when the rewrite is empty. Overlapping spans are merged first (the longest one's rewrite wins), and
 * a removal does not leave doubled punctuation or spaces behind.
 */
import type { ComplianceViolation } from './violation.ts';

interface Edit {
  start: number;
  end: number;
  rewrite: string;
  length: number;
}

const weak = /[,，、;；:：|｜/]/u;
const strong = /[.。!！?？\n]/u;

function mergeEdits(violations: ReadonlyArray<Pick<ComplianceViolation, 'span' | 'rewrite'>>): Edit[] {
  const sorted = violations
    .map((v) => ({
      start: v.span.start,
      end: v.span.end,
      rewrite: v.rewrite,
      length: v.span.end - v.span.start,
    }))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Edit[] = [];
  for (const edit of sorted) {
    const last = merged.at(-1);
    if (last && edit.start < last.end) {
      const longer = edit.length > last.length;
      merged[merged.length - 1] = {
        start: last.start,
        end: Math.max(last.end, edit.end),
        rewrite: longer ? edit.rewrite : last.rewrite,
        length: longer ? edit.length : last.length,
      };
    } else {
      merged.push(edit);
    }
  }
  return merged;
}

/** Removes what a deletion at `at` leaves dangling: doubled spaces or separators, a separator at the start. */
function tidySeam(text: string, at: number): string {
  let left = text.slice(0, at);
  let right = text.slice(at);
  if (right.trim() === '') {
    left = left.trimEnd();
    return weak.test(left.at(-1) ?? '') ? left.slice(0, -1) : left;
  }
  if (left === '' || left.endsWith(' ')) right = right.replace(/^ +/, '');
  if (left.endsWith(' ') && (weak.test(right[0] ?? '') || strong.test(right[0] ?? ''))) left = left.trimEnd();
  const before = left.at(-1) ?? '';
  const after = right[0] ?? '';
  if (weak.test(after) && (left === '' || weak.test(before) || strong.test(before))) {
    right = right.slice(1);
    if (left === '' || left.endsWith(' ')) right = right.replace(/^ +/, '');
  } else if (weak.test(before) && strong.test(after)) left = left.slice(0, -1);
  return left + right;
}

const han = /\p{Script=Han}/u;

/** Drops a space the original left between the Chinese rewrite at `[start, end)` and Chinese around it. */
function closeHanGaps(text: string, start: number, end: number): string {
  let out = text;
  if (out[end] === ' ' && han.test(out[end - 1] ?? '') && han.test(out[end + 1] ?? ''))
    out = out.slice(0, end) + out.slice(end + 1);
  if (out[start - 1] === ' ' && han.test(out[start] ?? '') && han.test(out[start - 2] ?? ''))
    out = out.slice(0, start - 1) + out.slice(start);
  return out;
}

/**
 * `text` with every violation's span replaced by its `rewrite` (empty: removed). Give it the violations of
 * this very text, e.g. `rewriteCompliant(text, checker.check(text).violations)`. A text that was nothing but
 * violations comes back empty.
 */
export function rewriteCompliant(
  text: string,
  violations: ReadonlyArray<Pick<ComplianceViolation, 'span' | 'rewrite'>>,
): string {
  let out = text;
  for (const edit of mergeEdits(violations).reverse()) {
    out = out.slice(0, edit.start) + edit.rewrite + out.slice(edit.end);
    out =
      edit.rewrite === ''
        ? tidySeam(out, edit.start)
        : closeHanGaps(out, edit.start, edit.start + edit.rewrite.length);
  }
  return out;
}
