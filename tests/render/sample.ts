import { buildReport } from '../../src/report/build.ts';
import { buildVariantResult } from '../../src/metrics/variant-result.ts';
import type { CaseRow, Report } from '../../src/report/schema.ts';

/** A small fixed report: two variants, invalid and error predictions, a label never predicted. */
export function sampleReport(labels = ['artifact', 'integrations', 'visualisation', 'other']): Report {
  const [a, i, v, o] = labels as [string, string, string, string];
  const gold = [a, a, a, i, i, v, o, o, o, o, o, o];
  const first = [a, a, o, i, 'invalid', v, a, o, o, o, i, 'error'];
  const second = [a, a, a, i, i, v, o, o, o, o, o, a];
  const rows = (pred: string[]): CaseRow[] => gold.map((g, k) => ({ id: `q${k + 1}`, gold: g, prediction: pred[k]! }));
  return buildReport({
    dataset: { path: 'datasets/docs.jsonl', hash: '0123456789abcdef', size: 12, labels, split: 'test' },
    variants: [
      buildVariantResult({ name: 'v1-baseline', version: '1', hash: 'h1', labels, backend: 'offline', cases: rows(first) }),
      buildVariantResult({ name: 'v3-examples', version: '3.1', hash: 'h3', labels, backend: 'openai', model: 'gpt-4.1-mini', cases: rows(second) }),
    ],
    createdAt: '2026-11-24T12:00:00.000Z',
  });
}

/** Label names that try to break every renderer. */
export const HOSTILE_LABELS = ['a|b', 'line\nbreak', '<script>x</script>', '@team `code` **bold** #12', '\u001b[31mred\u001b[0m\u0007'];
