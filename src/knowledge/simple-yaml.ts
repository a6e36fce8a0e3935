/**
 * @module A fast path for the front matter every knowledge-base file uses: one `key: value` per line, the
 * values plain or quoted text, whole numbers or `[a, b]` lists. It gives exactly what the `yaml` package
 * gives for such input and declines (returns undefined) anything else, which then goes to `yaml`: the full
 * parser costs over a millisecond a file when cold, too much for the ~90 files loaded at start-up.
 */

/** A mapping read by the fast path, with the file line of each key. */
export interface SimpleMapping {
  data: Record<string, unknown>;
  keyLines: Map<string, number>;
}

const nonText =
  /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const number = /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+)$/;

/** A plain (unquoted) scalar as YAML's core schema reads it, or undefined if it is not certain. */
function plain(text: string, flow: boolean): string | number | undefined {
  if (!text || /^[-?:,[\]{}#&*!|>'"%@`]/.test(text) || /:(?:\s|$)|\s#/.test(text)) return undefined;
  if (flow && /[,[\]{}#]/.test(text)) return undefined;
  if (nonText.test(text)) return undefined;
  if (number.test(text)) return /^(?:0|[1-9][0-9]{0,14})$/.test(text) ? Number(text) : undefined;
  return text;
}

/** The rest of a line after a value: nothing, or a comment. */
function onlyComment(rest: string): boolean {
  return rest === '' || /^\s+#/.test(rest) || /^\s*$/.test(rest);
}

function quoted(text: string): string | undefined {
  if (text.startsWith('"')) {
    const end = text.indexOf('"', 1);
    if (end === -1 || text.slice(1, end).includes('\\') || !onlyComment(text.slice(end + 1)))
      return undefined;
    return text.slice(1, end);
  }
  const match = /^'((?:[^']|'')*)'(.*)$/.exec(text);
  if (!match || !onlyComment(match[2]!)) return undefined;
  return match[1]!.replaceAll("''", "'");
}

function value(text: string): unknown {
  if (text.startsWith('"') || text.startsWith("'")) return quoted(text);
  if (text.startsWith('[')) {
    const match = /^\[([^\]]*)\](.*)$/.exec(text);
    if (!match || !onlyComment(match[2]!) || /["']/.test(match[1]!)) return undefined;
    if (!match[1]!.trim()) return [];
    const items = match[1]!.split(',').map((item) => plain(item.trim(), true));
    return items.every((item) => item !== undefined) ? items : undefined;
  }
  const comment = /\s#/.exec(text);
  return plain((comment ? text.slice(0, comment.index) : text).trim(), false);
}

/**
 * Reads front matter `text` whose first line is file line `firstLine`, or returns undefined when it uses
 * anything beyond the simple form (the caller then uses the full YAML parser).
 */
export function parseSimpleMapping(text: string, firstLine: number): SimpleMapping | undefined {
  const data: Record<string, unknown> = {};
  const keyLines = new Map<string, number>();
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    if (/^\s*(?:#.*)?$/.test(line)) continue;
    const match = /^([A-Za-z_][\w-]*):(?:[ \t]+(.*?))?[ \t]*$/.exec(line);
    if (!match || keyLines.has(match[1]!)) return undefined;
    const parsed = value(match[2] ?? '');
    if (parsed === undefined) return undefined;
    data[match[1]!] = parsed;
    keyLines.set(match[1]!, firstLine + i);
  }
  return keyLines.size > 0 ? { data, keyLines } : undefined;
}
