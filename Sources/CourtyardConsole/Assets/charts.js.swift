extension ConsoleAssets {
    static let chartsJS = ConsoleAsset("charts.js", #"""
// charts.js — SVG charts without a library: vertical bars, horizontal bars (rankings) and
// lines (one or several series), with axes, gridlines, value labels and <title> tooltips.
// Colours are SVG presentation attributes (the console's CSP allows no inline style); the
// elements avoid the stylesheet's `.bar`/`.line`/`.dot` classes, whose colour would win.
import { svg, el } from './core.js';

/** The series palette (colour-blind friendly). */
export const palette = ['#0b6bcb', '#e8590c', '#2f9e44', '#ae3ec9', '#c92a2a', '#1098ad', '#5c940d', '#862e9c'];

const pad = { top: 22, right: 12, bottom: 42, left: 48 };

/**
 * A "nice" axis maximum ≥ v (1, 2, 2.5 or 5 × 10^n) and its tick step. With `integer`
 * (counts) the step is at least 1, so an axis never shows fractions of a call.
 */
export function niceScale(v, { ticks = 4, integer = true } = {}) {
  const max = Math.max(Number(v) || 0, integer ? 1 : 1e-9);
  const raw = max / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  let step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  if (integer) step = Math.max(1, Math.ceil(step));
  return { max: Math.max(step * Math.ceil(max / step - 1e-9), step), step };
}

function frame(width, height, title, children) {
  // Width follows the panel; the height follows from the viewBox's aspect ratio.
  return svg('svg', { viewBox: `0 0 ${width} ${height}`, width: '100%', role: 'img', 'aria-label': title,
    class: 'chart', preserveAspectRatio: 'xMidYMid meet' }, title ? svg('title', {}, title) : null, children);
}

function yAxis(scale, h, w, format) {
  const out = [];
  for (let v = 0; v <= scale.max + 1e-9; v += scale.step) {
    const y = pad.top + h - (v / scale.max) * h;
    out.push(svg('line', { x1: pad.left, y1: y, x2: pad.left + w, y2: y, stroke: '#eef0f4', 'stroke-width': 1 }));
    out.push(svg('text', { x: pad.left - 6, y: y + 4, 'text-anchor': 'end', class: 'chart-label' }, format(v)));
  }
  out.push(svg('line', { x1: pad.left, y1: pad.top + h, x2: pad.left + w, y2: pad.top + h, class: 'axis', stroke: '#9aa3b2' }));
  return out;
}

/** Every n-th label so at most ~10 fit under the axis. */
function labelEvery(count) { return Math.max(1, Math.ceil(count / 10)); }

/**
 * A bar chart of `[{ label, value, testid?, onclick? }]`. Bars with `onclick` are buttons
 * (keyboard too). Options: width, height, format (value → text), title, color.
 */
export function svgBarChart(items, { width = 420, height = 240, format = String, title = '', color = palette[0], integer = true } = {}) {
  const w = width - pad.left - pad.right, h = height - pad.top - pad.bottom;
  const scale = niceScale(Math.max(0, ...items.map((d) => Number(d.value) || 0)), { integer });
  const step = items.length ? w / items.length : w;
  const every = labelEvery(items.length);
  const bars = items.map((d, i) => {
    const v = Number(d.value) || 0, bh = (v / scale.max) * h;
    const x = pad.left + i * step + step * 0.15, y = pad.top + h - bh;
    const interactive = typeof d.onclick === 'function';
    return svg('g', {
      'data-testid': d.testid, class: interactive ? 'chart-bar clickable' : 'chart-bar',
      role: interactive ? 'button' : undefined, tabindex: interactive ? 0 : undefined,
      onclick: interactive ? d.onclick : undefined,
      onkeydown: interactive ? (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); d.onclick(e); } } : undefined,
    },
    svg('rect', { x, y, width: Math.max(1, step * 0.7), height: Math.max(0, bh), class: 'bar-rect', fill: d.color ?? color },
      svg('title', {}, `${d.label}: ${format(v)}`)),
    items.length <= 31 ? svg('text', { x: x + step * 0.35, y: y - 4, 'text-anchor': 'middle', class: 'chart-value' }, format(v)) : null,
    i % every === 0 ? svg('text', { x: x + step * 0.35, y: pad.top + h + 16, 'text-anchor': 'middle', class: 'chart-label' }, d.label) : null);
  });
  return frame(width, height, title, [yAxis(scale, h, w, format), bars]);
}

/**
 * A horizontal bar chart (a ranking) of `[{ label, value, testid?, onclick? }]`, in the
 * given order. The height grows with the rows.
 */
export function svgHBarChart(items, { width = 420, row = 22, format = String, title = '', color = palette[0], labelWidth = 120 } = {}) {
  const height = Math.max(1, items.length) * row + 24;
  const w = width - labelWidth - 60;
  const max = Math.max(1, ...items.map((d) => Number(d.value) || 0));
  const rows = items.map((d, i) => {
    const v = Number(d.value) || 0, y = 8 + i * row, bw = (v / max) * w;
    const interactive = typeof d.onclick === 'function';
    return svg('g', { 'data-testid': d.testid, class: interactive ? 'chart-bar clickable' : 'chart-bar',
      role: interactive ? 'button' : undefined, tabindex: interactive ? 0 : undefined, onclick: interactive ? d.onclick : undefined,
      onkeydown: interactive ? (e) => { if (e.key === 'Enter') d.onclick(e); } : undefined },
    svg('text', { x: labelWidth - 6, y: y + row * 0.55, 'text-anchor': 'end', class: 'chart-label' }, d.label),
    svg('rect', { x: labelWidth, y, width: Math.max(1, bw), height: row * 0.7, class: 'bar-rect', fill: d.color ?? color },
      svg('title', {}, `${d.label}: ${format(v)}`)),
    svg('text', { x: labelWidth + bw + 4, y: y + row * 0.55, class: 'chart-value' }, format(v)));
  });
  return frame(width, height, title, rows);
}

/**
 * A line chart. `data` is either `[{ label, value }]` (one series) or
 * `{ labels: [...], series: [{ name, values: [...], color? }] }` (several, with a legend).
 * Missing values (null) break the line. Options: width, height, format, title, max, integer.
 */
export function svgLineChart(data, { width = 420, height = 240, format = String, title = '', max, integer = true } = {}) {
  const multi = !Array.isArray(data);
  const labels = multi ? data.labels : data.map((d) => d.label);
  const series = multi ? data.series : [{ name: title, values: data.map((d) => d.value) }];
  const w = width - pad.left - pad.right, h = height - pad.top - pad.bottom;
  const all = series.flatMap((s) => s.values).filter((v) => v !== null && v !== undefined).map(Number);
  const scale = niceScale(max ?? Math.max(0, ...all), { integer });
  const x = (i) => pad.left + (labels.length > 1 ? (i * w) / (labels.length - 1) : w / 2);
  const y = (v) => pad.top + h - (Number(v) / scale.max) * h;
  const every = labelEvery(labels.length);
  const lines = series.map((s, k) => {
    const color = s.color ?? palette[k % palette.length];
    let d = '', pen = false;
    s.values.forEach((v, i) => {
      if (v === null || v === undefined) { pen = false; return; }
      d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)} `;
      pen = true;
    });
    return svg('g', { 'data-series': s.name },
      svg('path', { d: d.trim(), class: 'series-line', fill: 'none', stroke: color, 'stroke-width': 2 }),
      labels.length <= 62 ? s.values.map((v, i) => (v === null || v === undefined ? null
        : svg('circle', { cx: x(i), cy: y(v), r: 3, class: 'series-dot', fill: color }, svg('title', {}, `${s.name ? `${s.name} · ` : ''}${labels[i]}: ${format(v)}`)))) : null);
  });
  const ticks = labels.map((l, i) => (i % every === 0
    ? svg('text', { x: x(i), y: pad.top + h + 16, 'text-anchor': 'middle', class: 'chart-label' }, l) : null));
  const legend = multi ? series.map((s, k) => svg('g', {},
    svg('rect', { x: pad.left + k * 90, y: 4, width: 10, height: 10, fill: s.color ?? palette[k % palette.length] }),
    svg('text', { x: pad.left + k * 90 + 14, y: 13, class: 'chart-label' }, s.name))) : null;
  return frame(width, height, title, [yAxis(scale, h, w, format), lines, ticks, legend]);
}

/** A chart with a caption under a heading, in a panel. */
export function chartPanel(heading, chart, testid) {
  return el('div', { class: 'panel chart-panel', 'data-testid': testid }, el('h3', {}, heading), chart);
}
"""#)
}
