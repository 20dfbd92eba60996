import type { RulePlan } from '../gate/planning.ts';
import { mdData, mdText } from './escape.ts';
import { count, pct } from './format.ts';
import { termText } from '../core/text.ts';
import { mdTable, termCell, textTable } from './table.ts';

/** What `labelgate power` reports: the plan of every regression rule and how it was made. */
export interface PowerReport {
  source: string;
  labeledCases: number;
  flipShare: number;
  /** True when the flip rate is the default, not measured or given. */
  flipAssumed: boolean;
  /** The report of `eval --repeat` that measured the flip rate, when one did. */
  flipMeasuredIn?: string;
  alpha: number;
  power: number;
  variants: number;
  rules: RulePlan[];
  notes: string[];
}

const HEADER = ['rule', 'cases', 'allowance', 'level', 'detects now', 'target drop', 'labeled cases needed'];

function cells(r: RulePlan, have: number, name: (s: string) => string): string[] {
  return [
    r.label === undefined ? 'accuracy' : `"${name(r.label)}" recall`,
    count(r.n),
    pct(r.allowance),
    r.level.toPrecision(2),
    r.minDetectableDrop >= 1 ? 'no drop' : `≥ ${pct(r.minDetectableDrop)}`,
    pct(r.targetDrop),
    r.casesNeeded === null ? `– (${r.why ?? 'not reachable'})` : r.casesNeeded <= have ? `${count(r.casesNeeded)} (have enough)` : count(r.casesNeeded),
  ];
}

function headline(p: PowerReport): string {
  return (
    `${count(p.labeledCases)} labeled cases in ${p.source}; flip rate ${pct(p.flipShare)}${p.flipAssumed ? ' (assumed: pass --flip-rate)' : p.flipMeasuredIn !== undefined ? ' (measured)' : ''}; ` +
    `α ${p.alpha} shared by ${count(p.rules.length * p.variants)} regression rule(s); power ${pct(p.power, 0)}`
  );
}

export function renderPowerText(p: PowerReport): string {
  const name = (s: string): string => termCell(s, 40);
  const out = [`labelgate power: ${termText(headline(p))}`, ...p.notes.map((n) => `note: ${termText(n)}`), ''];
  out.push(textTable(HEADER, p.rules.map((r) => cells(r, p.labeledCases, name)), ['l', 'r', 'r', 'r', 'r', 'r', 'l']));
  return `${out.join('\n')}\n`;
}

export function renderPowerMarkdown(p: PowerReport): string {
  const name = (s: string): string => mdData(s, 40);
  const out = ['### labelgate power', '', mdText(headline(p)), ...p.notes.map((n) => `\n> **Note:** ${mdText(termText(n))}`), ''];
  out.push(mdTable(HEADER, p.rules.map((r) => cells(r, p.labeledCases, name)), ['l', 'r', 'r', 'r', 'r', 'r', 'l']));
  return `${out.join('\n')}\n`;
}
