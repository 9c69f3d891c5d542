extension ConsoleAssets {
    static let chartsJS = ConsoleAsset("charts.js", #"""
// charts.js — SVG charts without a library: bars and lines, with labels and titles.
import { svg, el } from './core.js';

/** A bar chart of `[{ label, value, testid? }]`; `format` renders values. */
export function svgBarChart(items, { width = 560, height = 220, format = String, title = '' } = {}) {
  const pad = { top: 20, right: 10, bottom: 40, left: 44 };
  const max = Math.max(1, ...items.map((d) => Number(d.value) || 0));
  const w = width - pad.left - pad.right, h = height - pad.top - pad.bottom;
  const step = items.length ? w / items.length : w;
  const bars = items.map((d, i) => {
    const v = Number(d.value) || 0, bh = (v / max) * h;
    const x = pad.left + i * step + step * 0.15, y = pad.top + h - bh;
    return svg('g', { 'data-testid': d.testid },
      svg('rect', { x, y, width: step * 0.7, height: bh, class: 'bar' }, svg('title', {}, `${d.label}: ${format(v)}`)),
      svg('text', { x: x + step * 0.35, y: y - 4, 'text-anchor': 'middle', class: 'chart-value' }, format(v)),
      svg('text', { x: x + step * 0.35, y: pad.top + h + 16, 'text-anchor': 'middle', class: 'chart-label' }, d.label));
  });
  return svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': title, class: 'chart' },
    svg('line', { x1: pad.left, y1: pad.top + h, x2: pad.left + w, y2: pad.top + h, class: 'axis' }), bars);
}

/** A line chart of `[{ label, value }]` (a series over days or hours). */
export function svgLineChart(points, { width = 560, height = 220, format = String, title = '' } = {}) {
  const pad = { top: 20, right: 10, bottom: 40, left: 44 };
  const max = Math.max(1, ...points.map((d) => Number(d.value) || 0));
  const w = width - pad.left - pad.right, h = height - pad.top - pad.bottom;
  const x = (i) => pad.left + (points.length > 1 ? (i * w) / (points.length - 1) : w / 2);
  const y = (v) => pad.top + h - (v / max) * h;
  const path = points.map((d, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(Number(d.value) || 0).toFixed(1)}`).join(' ');
  return svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': title, class: 'chart' },
    svg('line', { x1: pad.left, y1: pad.top + h, x2: pad.left + w, y2: pad.top + h, class: 'axis' }),
    svg('path', { d: path, class: 'line' }),
    points.map((d, i) => svg('g', {},
      svg('circle', { cx: x(i), cy: y(Number(d.value) || 0), r: 3, class: 'dot' }, svg('title', {}, `${d.label}: ${format(d.value)}`)),
      i % Math.ceil(points.length / 8 || 1) === 0 ? svg('text', { x: x(i), y: pad.top + h + 16, 'text-anchor': 'middle', class: 'chart-label' }, d.label) : null)));
}

export { el };
"""#)
}
