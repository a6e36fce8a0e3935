/**
 * @module Safe HTML: a tagged template that escapes every interpolated value unless it is already `Html`.
 *
 * Questions, answers and names are learners' own words, so nothing reaches a page unescaped by accident.
 */

/** A piece of markup that is already safe. */
export class Html {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

/** What a template may interpolate; `undefined`, `null` and `false` render as nothing. */
export type HtmlValue = Html | string | number | undefined | null | false | readonly HtmlValue[];

const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => entities[ch]!);
}

function render(value: HtmlValue): string {
  if (value === undefined || value === null || value === false) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/**
 * Builds markup, escaping interpolations.
 *
 * @example
 * ```ts
 * html`<td>${turn.question}</td>` // <td>&lt;script&gt;…</td>
 * ```
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i] as HtmlValue) + strings[i + 1]!;
  return new Html(out);
}
