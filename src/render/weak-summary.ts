import { ERROR, INVALID } from '../core/outcome.ts';
import { mdCode, mdData } from './escape.ts';
import { count, pct } from './format.ts';
import { mdTable, termCell as name, textTable } from './table.ts';

/** What the summary needs of a weak line (dataset/weak.ts's `WeakLine` has it). */
export interface WeakLineLike {
  agreed: boolean;
  proposal: { label: string } | null;
  opinions: readonly { variant: string; label: string }[];
}

/** What `labelgate label` prints when it has written the weak labels. */
export interface WeakSummary {
  /** The file written. */
  out: string;
  cases: number;
  agreed: number;
  /** Proposals per label, most frequent first. */
  proposals: { label: string; count: number }[];
  /** Cases with no proposal: no variant gave a valid label. */
  unproposed: number;
  /** Per variant (`name@version`, in the order given): answers that were `invalid` and `error`. */
  variants: { variant: string; invalid: number; error: number }[];
}

export function summariseWeak(lines: readonly WeakLineLike[], out: string): WeakSummary {
  const proposals = new Map<string, number>();
  const variants = new Map<string, { variant: string; invalid: number; error: number }>();
  let agreed = 0;
  let unproposed = 0;
  for (const line of lines) {
    if (line.agreed) agreed++;
    if (line.proposal) proposals.set(line.proposal.label, (proposals.get(line.proposal.label) ?? 0) + 1);
    else unproposed++;
    for (const o of line.opinions) {
      let c = variants.get(o.variant);
      if (!c) variants.set(o.variant, (c = { variant: o.variant, invalid: 0, error: 0 }));
      if (o.label === INVALID) c.invalid++;
      if (o.label === ERROR) c.error++;
    }
  }
  return {
    out,
    cases: lines.length,
    agreed,
    proposals: [...proposals].map(([label, n]) => ({ label, count: n })).sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)),
    unproposed,
    variants: [...variants.values()],
  };
}

const share = (n: number, of: number) => (of === 0 ? '–' : pct(n / of));

export function renderWeakText(s: WeakSummary): string {
  const agreement = s.variants.length > 1 ? `, all ${s.variants.length} variants agree on ${count(s.agreed)} (${share(s.agreed, s.cases)})` : '';
  const rows = [...s.proposals.map((p) => [name(p.label, 40), count(p.count), share(p.count, s.cases)]), ...(s.unproposed > 0 ? [['(no proposal)', count(s.unproposed), share(s.unproposed, s.cases)]] : [])];
  return [
    `labelgate label: ${count(s.cases)} case(s) written to ${name(s.out, 120)}${agreement}`,
    '',
    textTable(['proposed label', 'cases', 'share'], rows, ['l', 'r', 'r']),
    '',
    textTable(['variant', 'invalid', 'error'], s.variants.map((v) => [name(v.variant, 60), count(v.invalid), count(v.error)]), ['l', 'r', 'r']),
    '',
  ].join('\n');
}

export function renderWeakMarkdown(s: WeakSummary): string {
  const agreement = s.variants.length > 1 ? ` · all ${s.variants.length} variants agree on ${count(s.agreed)} (${share(s.agreed, s.cases)})` : '';
  const rows = [...s.proposals.map((p) => [mdData(p.label), count(p.count), share(p.count, s.cases)]), ...(s.unproposed > 0 ? [['(no proposal)', count(s.unproposed), share(s.unproposed, s.cases)]] : [])];
  return [
    '## labelgate label',
    '',
    `${count(s.cases)} case(s) written to ${mdCode(s.out, 120)}${agreement}`,
    '',
    mdTable(['proposed label', 'cases', 'share'], rows, ['l', 'r', 'r']),
    '',
    mdTable(['variant', 'invalid', 'error'], s.variants.map((v) => [mdData(v.variant), count(v.invalid), count(v.error)]), ['l', 'r', 'r']),
    '',
  ].join('\n');
}
