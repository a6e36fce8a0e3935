/**
 * @module The log view as files: CSV (UTF-8 with a BOM, so Excel opens Chinese correctly) and JSON Lines,
 * with exactly the rows the filters show.
 */
import type { LogRow } from '../../trainer/turn-query.ts';

/** The columns of an exported row, in order. */
export const exportColumns = [
  'id',
  'time',
  'user',
  'name',
  'cohorts',
  'language',
  'track',
  'question',
  'answer',
  'not_covered',
  'vote',
  'note',
  'citations',
  'mode',
] as const;

/** One exported row. */
export type ExportRow = Record<(typeof exportColumns)[number], string>;

/** A log row as exported (`time` in China time, ISO 8601 with offset). */
export function exportRow(row: LogRow, extra: { name: string; cohorts: string[] }): ExportRow {
  return {
    id: row.id,
    time: new Date(row.at + 8 * 3_600_000).toISOString().replace('Z', '+08:00'),
    user: row.userId,
    name: extra.name,
    cohorts: extra.cohorts.join(' '),
    language: row.language,
    track: row.track ?? '',
    question: row.question,
    answer: row.answer,
    not_covered: row.abstained ? '1' : '0',
    vote: row.vote ?? '',
    note: row.note ?? '',
    citations: row.citations.join(' '),
    mode: row.mode,
  };
}

// A cell starting with = + - @ (or a tab/CR) would run as a formula in a spreadsheet: prefix a quote.
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** CSV text (RFC 4180, CRLF) with a UTF-8 BOM. */
export function toCsv(rows: readonly ExportRow[]): string {
  const lines = [
    exportColumns.join(','),
    ...rows.map((row) => exportColumns.map((c) => csvCell(row[c])).join(',')),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** JSON Lines: one object per row. */
export function toJsonLines(rows: readonly ExportRow[]): string {
  return rows.map((row) => `${JSON.stringify(row)}\n`).join('');
}
