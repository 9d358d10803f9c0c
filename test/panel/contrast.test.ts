// Every badge and status colour of the panel's stylesheet reads at WCAG AA
// (contrast ≥ 4.5:1, badges being small text): each badge class the pages
// build (priority, broadcast, delivery and bulletin states) and each status
// text, worked out from web/app.css with its custom properties; a colour on
// no background of its own is checked on every surface the panel uses.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const CSS = fs.readFileSync(path.resolve(import.meta.dirname, '../../web/app.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');

const vars = new Map<string, string>();
for (const m of /:root\s*\{([^}]*)\}/.exec(CSS)![1]!.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)) vars.set(m[1]!, m[2]!.trim());

interface Rule {
  selector: string;
  decls: Map<string, string>;
  order: number;
}
const rules: Rule[] = [];
for (const m of CSS.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
  const decls = new Map<string, string>();
  for (const d of m[2]!.matchAll(/([\w-]+)\s*:\s*([^;]+)/g)) decls.set(d[1]!, d[2]!.trim());
  for (const selector of m[1]!.split(',').map((s) => s.trim())) rules.push({ selector, decls, order: rules.length });
}

function resolve(value: string): string {
  let v = value.trim();
  for (let i = 0; i < 10 && v.includes('var('); i++) v = v.replace(/var\((--[\w-]+)(?:\s*,\s*([^)]+))?\)/, (_, name: string, fallback?: string) => vars.get(name) ?? fallback ?? '');
  return v;
}

function rgb(colour: string): [number, number, number] {
  const c = resolve(colour).toLowerCase();
  if (c === 'white') return [255, 255, 255];
  if (c === 'black') return [0, 0, 0];
  let m = /^#([0-9a-f]{3})$/.exec(c);
  if (m) return [...m[1]!].map((x) => parseInt(x + x, 16)) as [number, number, number];
  m = /^#([0-9a-f]{6})$/.exec(c);
  if (m) return [0, 2, 4].map((i) => parseInt(m![1]!.slice(i, i + 2), 16)) as [number, number, number];
  const f = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/.exec(c);
  if (f) return [Number(f[1]), Number(f[2]), Number(f[3])];
  throw new Error(`colour not understood: ${colour} (${c})`);
}
const luminance = ([r, g, b]: [number, number, number]) => {
  const lin = (v: number) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
};
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(rgb(a)), luminance(rgb(b))].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The surfaces a colour with no background of its own may sit on: cards and tables, the page, calendar cells and quotes, a flagged row. */
const SURFACES = ['var(--card)', 'var(--bg)', '#f6f8fa', '#eef1f4', 'var(--bad-bg)'];

/** Colour and background from the rules made only of classes, all of them among `classes` (later and more specific wins). */
function styleOf(classes: string[]): { color: string; background: string | null; from: string[] } {
  const matching = rules
    .filter((r) => /^(\.[\w-]+)+$/.test(r.selector) && r.selector.slice(1).split('.').every((c) => classes.includes(c)))
    .sort((a, b) => a.selector.split('.').length - b.selector.split('.').length || a.order - b.order);
  let color = 'var(--fg)';
  let background: string | null = null;
  for (const r of matching) {
    if (r.decls.has('color')) color = r.decls.get('color')!;
    const bg = r.decls.get('background-color') ?? r.decls.get('background');
    if (bg) background = bg === 'transparent' || bg === 'none' ? null : bg;
  }
  return { color, background, from: matching.map((r) => r.selector) };
}

function failures(label: string, style: { color: string; background: string | null }): string[] {
  const on = style.background ? [style.background] : SURFACES;
  return on.flatMap((bg) => {
    const ratio = contrast(style.color, bg);
    return ratio >= 4.5 ? [] : [`${label}: ${resolve(style.color)} on ${resolve(bg)} is ${ratio.toFixed(2)}:1`];
  });
}

// The badges the pages build (components.js, bulletins.js, broadcasts.js, reports.js, technician.js).
const FAMILIES: Record<string, string[]> = {
  prio: ['normal', 'priority', 'emergency'],
  st: ['draft', 'pending_approval', 'approved', 'rejected', 'archived', 'scheduled', 'dispatching', 'dispatched', 'done', 'partial', 'failed', 'expired', 'cancelled', 'stopped'],
  dl: ['queued', 'received', 'downloaded', 'playing', 'done', 'failed', 'preempted', 'expired', 'rejected', 'skipped'],
  bst: ['received', 'placed', 'declined', 'aired', 'partial', 'missed', 'withdrawn'],
};
const BADGES = [...Object.entries(FAMILIES).flatMap(([prefix, values]) => values.map((v) => ['badge', `${prefix}-${v}`])), ['badge', 'upper'], ['badge', 'linked']];
// Status words and counters outside badges.
const STATUS_TEXT = [['on'], ['off'], ['why'], ['error'], ['clash-tag'], ['danger-text'], ['field-error'], ['holiday'], ['recording'], ['muted'], ['count'], ['emergency-link']];

describe('badge and status colours (web/app.css)', () => {
  it('measures contrast as WCAG does', () => {
    expect(contrast('#000', '#fff')).toBeCloseTo(21, 5);
    expect(contrast('#777', '#fff')).toBeCloseTo(4.48, 2);
    expect(contrast('var(--fg)', 'var(--fg)')).toBe(1);
  });

  it('finds the rules of every badge', () => {
    for (const classes of BADGES) {
      const s = styleOf(classes);
      expect(s.from, classes.join('.')).toContain('.badge');
      if (classes[1] !== 'prio-normal' && classes[1] !== 'dl-skipped') expect(s.from.length, classes.join('.')).toBeGreaterThan(1);
    }
  });

  it('reads at 4.5:1 or more for every badge', () => {
    expect(BADGES.flatMap((classes) => failures(classes.join('.'), styleOf(classes)))).toEqual([]);
  });

  it('reads at 4.5:1 or more for every status text and counter', () => {
    const nav = rules.find((r) => r.selector === '.main-nav .count')!;
    const link = rules.find((r) => r.selector === '.main-nav .emergency-link')!;
    const special: Record<string, { color: string; background: string | null }> = {
      count: { color: nav.decls.get('color')!, background: nav.decls.get('background')! },
      'emergency-link': { color: link.decls.get('color')!, background: link.decls.get('background')! },
    };
    const out = STATUS_TEXT.flatMap((classes) => failures(classes.join('.'), special[classes[0]!] ?? styleOf(classes)));
    // The notices: text on their tinted backgrounds.
    for (const kind of ['ok', 'warn']) out.push(...failures(`notice.${kind}`, { color: 'var(--fg)', background: `var(--${kind}-bg)` }));
    expect(out).toEqual([]);
  });
});
