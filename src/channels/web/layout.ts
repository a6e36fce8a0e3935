/** @module The page shell: viewport, inline CSS, navigation, language toggle and sign-out. */
import { Html, html } from './html.ts';
import type { DashboardWords } from './words.ts';

const css = `
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;color:#1d2330;background:#f5f6f8}
header{background:#1f3b73;color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:center}
header a{color:#fff;text-decoration:none;padding:.25rem 0}header a[aria-current]{border-bottom:2px solid #fff}
header .brand{font-weight:600;margin-right:auto}header form{margin:0}
header button{background:none;border:1px solid #fff8;color:#fff;border-radius:4px;padding:.15rem .5rem;cursor:pointer}
main{max-width:1100px;margin:0 auto;padding:1rem}
h1{font-size:1.3rem;margin:.25rem 0 1rem}h2{font-size:1.05rem;margin:1.25rem 0 .5rem}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.5rem}
.card,section.box{background:#fff;border-radius:8px;padding:.75rem;box-shadow:0 1px 2px #0001}
.card b{display:block;font-size:1.5rem}.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:1rem}
.chart{width:100%;height:auto;font-size:12px}.chart text{fill:#1d2330}
table{width:100%;border-collapse:collapse;background:#fff;border-radius:8px;overflow:hidden}
th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid #e6e8ec;vertical-align:top}th{background:#eef1f6;font-weight:600}
.scroll{overflow-x:auto}.muted{color:#667085}.small{font-size:.85rem}
.bar{display:inline-block;width:8rem;height:.6rem;background:#e6e8ec;border-radius:3px;vertical-align:middle;overflow:hidden}
.bar i{display:block;height:100%;background:#2f9e61}
form.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin-bottom:1rem}
form.filters label{display:flex;flex-direction:column;font-size:.85rem}
input,select,textarea,button{font:inherit}input,select,textarea{padding:.3rem;border:1px solid #c7ccd6;border-radius:4px;background:#fff}
textarea{width:100%;min-height:4rem}
button.primary{background:#1f3b73;color:#fff;border:0;border-radius:4px;padding:.4rem .9rem;cursor:pointer}
.tag{display:inline-block;border-radius:3px;padding:0 .35rem;font-size:.8rem;background:#eef1f6}
.tag.warn{background:#fdecc8}.tag.bad{background:#fbd5d5}.tag.ok{background:#d3f2de}
.error{background:#fbd5d5;padding:.75rem;border-radius:8px}.pager{display:flex;gap:1rem;margin:1rem 0}
blockquote.answer{white-space:pre-wrap;background:#f5f6f8;border-left:3px solid #c7ccd6;margin:.5rem 0;padding:.5rem}mark{background:#fdecc8}
td.muted.small{white-space:nowrap}details summary{cursor:pointer;color:#1f3b73}ul.timeline{padding-left:1.1rem}
@media (max-width:600px){main{padding:.5rem}td,th{padding:.3rem}.hide-phone{display:none}}
`;

/** What the shell needs to know. */
export interface PageShell {
  words: DashboardWords;
  /** The page's own URL, for the language toggle. */
  url: URL;
  /** Which navigation entry is current. */
  current?: 'overview' | 'learners' | 'log' | 'gaps';
  /** The session's CSRF token; without one the page is shown signed out (no navigation). */
  csrf?: string;
}

/** A full page. */
export function page(title: string, body: Html, { words, url, current, csrf }: PageShell): string {
  const other = new URL(url);
  other.searchParams.set('lang', words.lang === 'en' ? 'zh' : 'en');
  const link = (key: 'overview' | 'learners' | 'log' | 'gaps', href: string) =>
    html`<a href="${href}" ${current === key ? html`aria-current="page"` : ''}>${words.nav[key]}</a>`;
  const nav = csrf
    ? html`${link('overview', '/dashboard')}${link('learners', '/dashboard/learners')}${link('log', '/dashboard/log')}${link('gaps', '/dashboard/gaps')}`
    : '';
  const logout = csrf
    ? html`<form method="post" action="/dashboard/logout"><input type="hidden" name="csrf" value="${csrf}"><button type="submit">${words.logout}</button></form>`
    : '';
  return html`<!doctype html>
<html lang="${words.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${title} · ${words.title}</title><style>${new Html(css)}</style></head>
<body><header><span class="brand">${words.title}</span>${nav}<a href="${other.pathname + other.search}" hreflang="${words.lang === 'en' ? 'zh' : 'en'}">${words.otherLanguage}</a>${logout}</header>
<main><h1>${title}</h1>${body}</main></body></html>`.value;
}
