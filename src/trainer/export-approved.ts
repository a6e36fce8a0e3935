/**
 * @module Approved answers as knowledge-base files (`answers/<date>-<id>.<lang>.md`, see
 * `src/knowledge/parse-answer.ts`): reviewable, versionable, and checked by `cunbo kb check` once copied
 * into `knowledge/`.
 */
import type { ApprovedAnswer } from './approved-answers.ts';

/** A file to write, relative to the export directory. */
export interface ExportedFile {
  path: string;
  text: string;
}

const chinaOffsetMs = 8 * 3_600_000;

/** A double-quoted YAML scalar (JSON's string syntax is a subset of it). */
function quoted(text: string): string {
  return JSON.stringify(text.replace(/\s+/g, ' ').trim());
}

/** The knowledge-base file of one approved answer. */
export function approvedAnswerFile(answer: ApprovedAnswer): ExportedFile {
  const day = new Date(answer.approvedAt + chinaOffsetMs).toISOString().slice(0, 10);
  const name = `${day}-${answer.id}`;
  const lines = [
    '---',
    `id: answer-${name}-${answer.language}`,
    `title: ${quoted(answer.question)}`,
    `lang: ${answer.language}`,
    `trainer: ${quoted(answer.trainerName)}`,
    `approved: ${day}`,
    `source: ${answer.source.kind}`,
    ...(answer.lesson ? [`lesson: ${answer.lesson}`] : []),
    '---',
    '',
    answer.answer.trim(),
    '',
  ];
  return { path: `answers/${name}.${answer.language}.md`, text: lines.join('\n') };
}

/** The files of every approved answer, oldest first. */
export function approvedAnswerFiles(answers: readonly ApprovedAnswer[]): ExportedFile[] {
  return [...answers].sort((a, b) => a.approvedAt - b.approvedAt).map(approvedAnswerFile);
}
