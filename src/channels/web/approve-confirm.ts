/**
 * @module The confirmation step of approving an answer on the dashboard. When the compliance checker flags
 * words in a trainer's answer, nothing is stored yet: the trainer sees each flagged span with its rule and
 * reason, and either approves the text as written or edits it (an edited text is checked again). The bot
 * never changes a trainer's words, so what is approved is exactly what learners get.
 */
import type { ComplianceViolation } from '../../compliance/violation.ts';
import { maxApprovedAnswer } from '../../trainer/approved-answers.ts';
import { categoryLabel } from '../check-report.ts';
import { type Html, html } from './html.ts';
import type { ApproveInput } from './inputs.ts';
import { csrfField, type View } from './view.ts';

/** The answer with each flagged span marked (`<mark>`), overlapping spans merged into the first. */
function marked(answer: string, violations: readonly ComplianceViolation[]): Html[] {
  const spans = [...violations].sort((a, b) => a.span.start - b.span.start);
  const parts: Html[] = [];
  let at = 0;
  for (const { span } of spans) {
    if (span.start < at || span.end > answer.length) continue;
    parts.push(html`${answer.slice(at, span.start)}<mark>${answer.slice(span.start, span.end)}</mark>`);
    at = span.end;
  }
  parts.push(html`${answer.slice(at)}`);
  return parts;
}

/** The fields every form on the page carries, as the trainer sent them (the answer apart). */
function carried(view: View, input: ApproveInput): Html {
  return html`${csrfField(view)}<input type="hidden" name="kind" value="${input.kind}"><input type="hidden" name="ref" value="${input.ref}"><input type="hidden" name="question" value="${input.question}">${input.language ? html`<input type="hidden" name="language" value="${input.language}">` : ''}${input.lesson ? html`<input type="hidden" name="lesson" value="${input.lesson}">` : ''}${input.back ? html`<input type="hidden" name="back" value="${input.back}">` : ''}`;
}

/** The confirmation page: the flagged spans, "approve as written", and an edit box. */
export function approveConfirmPage(
  view: View,
  input: ApproveInput,
  violations: readonly ComplianceViolation[],
): Html {
  const say = view.words.confirm;
  const items = violations.map(
    (v) =>
      html`<li><b>「${v.span.text}」</b> ${html`<span class="tag warn">${categoryLabel(v.category, view.language)}</span>`}<div class="small">${say.rule}: ${v.source}</div><div class="small">${say.why}: ${v.reason}</div></li>`,
  );
  return html`<section class="box flagged"><p>${say.intro(violations.length)}</p>
<p class="small muted">${say.question}: ${input.question}</p>
<blockquote class="answer">${marked(input.answer, violations)}</blockquote>
<ol class="flagged-spans">${items}</ol>
<p class="small muted">${say.quoteHint}</p>
<form method="post" action="/dashboard/answers">${carried(view, input)}<input type="hidden" name="answer" value="${input.answer}"><input type="hidden" name="confirm" value="1"><button class="primary" type="submit">${say.asWritten}</button></form>
</section>
<section class="box" style="margin-top:.75rem"><form method="post" action="/dashboard/answers">${carried(view, input)}<label>${say.edit}<textarea name="answer" required maxlength="${maxApprovedAnswer}">${input.answer}</textarea></label> <button type="submit">${say.checkAgain}</button></form></section>`;
}
