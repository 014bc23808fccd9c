import type { ChartSpec } from './model.js';

/**
 * A report's chart as plain SVG shapes, computed here so the template only draws them (no client
 * library): bars, a line with points, pie slices as paths, or funnel steps. Coordinates are in a
 * 600 × 260 view box that the page scales.
 */
export const WIDTH = 600;
export const HEIGHT = 260;
const PALETTE = ['#2f6fdf', '#7bd500', '#ffa900', '#ff5752', '#8e44ad', '#00a2b3', '#c0392b', '#2c3e50', '#16a085', '#d35400'];

export interface Shape {
  kind: 'rect' | 'path' | 'circle';
  /** rect: x, y, w, h; circle: cx = x, cy = y, r = w. */
  x: number;
  y: number;
  w: number;
  h: number;
  d?: string;
  color: string;
  label: string;
  value: number;
  href?: string;
}

export interface Drawn {
  type: ChartSpec['type'];
  money: boolean;
  shapes: Shape[];
  /** For a line: the polyline's points. */
  line: string | null;
  /** Axis labels under bars and line points, each at its x. */
  ticks: { x: number; text: string }[];
  legend: { color: string; label: string; value: number; href?: string }[];
}

const round = (n: number) => Math.round(n * 10) / 10;

export function draw(spec: ChartSpec): Drawn | null {
  const points = spec.points.filter((p) => Number.isFinite(p.value));
  if (!points.length || points.every((p) => p.value <= 0)) return null;
  const max = Math.max(...points.map((p) => p.value), 1);
  const color = (i: number) => PALETTE[i % PALETTE.length]!;
  const out: Drawn = { type: spec.type, money: spec.money, shapes: [], line: null, ticks: [], legend: [] };
  const extra = (href: string | undefined) => (href ? { href } : {});
  if (spec.type === 'bar' || spec.type === 'line') {
    const plot = HEIGHT - 30;
    const step = WIDTH / points.length;
    points.forEach((p, i) => {
      const h = Math.max(0, (p.value / max) * (plot - 10));
      const x = i * step;
      if (spec.type === 'bar') out.shapes.push({ kind: 'rect', x: round(x + step * 0.15), y: round(plot - h), w: round(step * 0.7), h: round(h), color: color(0), label: p.label, value: p.value, ...extra(p.href) });
      else out.shapes.push({ kind: 'circle', x: round(x + step / 2), y: round(plot - h), w: 4, h: 0, color: color(0), label: p.label, value: p.value, ...extra(p.href) });
      out.ticks.push({ x: round(x + step / 2), text: p.label.length > 14 ? `${p.label.slice(0, 13)}…` : p.label });
    });
    if (spec.type === 'line') out.line = out.shapes.map((s) => `${s.x},${s.y}`).join(' ');
    return out;
  }
  if (spec.type === 'pie') {
    const total = points.reduce((a, p) => a + Math.max(0, p.value), 0);
    let angle = -Math.PI / 2;
    const cx = 130;
    const cy = HEIGHT / 2;
    const r = 110;
    points.forEach((p, i) => {
      const part = Math.max(0, p.value) / total;
      const end = angle + part * 2 * Math.PI;
      const large = part > 0.5 ? 1 : 0;
      const [x1, y1, x2, y2] = [cx + r * Math.cos(angle), cy + r * Math.sin(angle), cx + r * Math.cos(end), cy + r * Math.sin(end)];
      const d = part >= 0.9999 ? `M ${cx - r} ${cy} a ${r} ${r} 0 1 0 ${2 * r} 0 a ${r} ${r} 0 1 0 ${-2 * r} 0` : `M ${cx} ${cy} L ${round(x1)} ${round(y1)} A ${r} ${r} 0 ${large} 1 ${round(x2)} ${round(y2)} Z`;
      out.shapes.push({ kind: 'path', x: 0, y: 0, w: 0, h: 0, d, color: color(i), label: p.label, value: p.value, ...extra(p.href) });
      out.legend.push({ color: color(i), label: p.label, value: p.value, ...extra(p.href) });
      angle = end;
    });
    return out;
  }
  // Funnel: centred steps, each as wide as its share of the first.
  const stepH = Math.min(40, (HEIGHT - 10) / points.length);
  points.forEach((p, i) => {
    const w = Math.max(4, (p.value / max) * (WIDTH - 200));
    out.shapes.push({ kind: 'rect', x: round((WIDTH - 200 - w) / 2), y: round(i * stepH + 4), w: round(w), h: round(stepH - 6), color: color(i), label: p.label, value: p.value, ...extra(p.href) });
  });
  return out;
}
