/** @module Inline SVG bar charts: no script, no external assets, readable on a phone. */
import { type Html, html } from './html.ts';

/** One bar. */
export interface Bar {
  label: string;
  value: number;
  /** A CSS colour; default the theme's blue. */
  color?: string;
}

/**
 * Horizontal bars, one a row, each labelled with its value. Scales to the container's width (viewBox).
 *
 * @param title read by screen readers as the chart's name
 */
export function barChart(bars: readonly Bar[], title: string): Html {
  const rowHeight = 26;
  const labelWidth = 120;
  const width = 400;
  const barSpace = width - labelWidth - 40;
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const height = Math.max(rowHeight, bars.length * rowHeight);
  const rows = bars.map((bar, i) => {
    const y = i * rowHeight;
    const length = Math.round((bar.value / max) * barSpace);
    return html`<g><text x="${labelWidth - 6}" y="${y + 17}" text-anchor="end">${bar.label}</text><rect x="${labelWidth}" y="${y + 5}" width="${Math.max(length, bar.value > 0 ? 2 : 0)}" height="${rowHeight - 10}" rx="3" fill="${bar.color ?? '#2f6fde'}"></rect><text x="${labelWidth + length + 6}" y="${y + 17}">${bar.value}</text></g>`;
  });
  return html`<svg class="chart" role="img" viewBox="0 0 ${width} ${height}" preserveAspectRatio="xMinYMin meet"><title>${title}</title>${rows}</svg>`;
}
