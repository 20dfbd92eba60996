import { isOutcome } from '../core/outcome.ts';
import type { Case } from '../dataset/schema.ts';
import { decide, type Opinion, type WeakLine } from '../dataset/weak.ts';
import type { Report } from '../report/schema.ts';

/**
 * Weak labels from an evaluation of unlabeled cases by one or several variants: one line per case,
 * in the cases' order, every variant's answer kept (`invalid` and `error` with their reason), the
 * proposal taken from the first variant that gave a valid label. Pure.
 */
export function weakLines(cases: readonly Case[], report: Report): WeakLine[] {
  const variants = report.variants;
  for (const v of variants) {
    if (v.cases.length !== cases.length) throw new Error(`weakLines: ${v.name} has ${v.cases.length} rows for ${cases.length} cases`);
  }
  return cases.map((c, i) => {
    const opinions = variants.map((v): Opinion => {
      const row = v.cases[i]!;
      if (row.id !== c.id) throw new Error(`weakLines: row ${i} of ${v.name} is case "${row.id}", not "${c.id}"`);
      return { variant: `${v.name}@${v.version}`, label: row.prediction, ...(isOutcome(row.prediction) && { reason: row.reason ?? 'no reason given' }) };
    });
    const { proposal, agreed } = decide(opinions);
    const by = proposal && variants[opinions.indexOf(proposal)]!;
    return {
      id: c.id,
      query: c.query,
      ...(c.document !== undefined && { document: c.document }),
      ...(c.metadata !== undefined && { metadata: c.metadata }),
      proposal: proposal && by ? { label: proposal.label, by: proposal.variant, backend: by.backend, ...(by.model !== undefined && { model: by.model }) } : null,
      opinions,
      agreed,
    };
  });
}
