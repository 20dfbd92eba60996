import { shortHash } from '../core/hash.ts';
import type { VariantResult } from '../report/schema.ts';
import type { DatasetComparison } from './pairing.ts';

/** What changed in a variant's identity between two reports (the gate's notes and the diff both show it). */
export interface VariantChanges {
  version: boolean;
  /** The prompt's content changed. */
  hash: boolean;
  /** Content changed under the same version: the report can no longer say which prompt it measured. */
  unbumped: boolean;
  backend: boolean;
  model: boolean;
  /** The team's classifier code or the promptfoo provider's config changed (its recorded hash differs). */
  classifier: boolean;
}

export function variantChanges(bv: VariantResult, cv: VariantResult): VariantChanges {
  const version = bv.version !== cv.version;
  const hash = bv.hash !== cv.hash;
  const classifier = bv.classifier?.hash !== cv.classifier?.hash || bv.classifier?.ref !== cv.classifier?.ref;
  return { version, hash, unbumped: hash && !version, backend: bv.backend !== cv.backend, model: bv.model !== cv.model, classifier };
}

/** The sentences every view of a comparison must show when the reports were not run on the same cases. */
export function datasetNotes(d: DatasetComparison): string[] {
  if (d.same) return [];
  const what =
    d.baseline.hash === d.candidate.hash
      ? `different splits of the dataset (${d.baseline.split} vs ${d.candidate.split})`
      : `different datasets (${d.baseline.path} ${shortHash(d.baseline.hash)} vs ${d.candidate.path} ${shortHash(d.candidate.hash)})`;
  return [
    `The reports were evaluated on ${what}: compared only on the ${d.sharedIds} case ids they share ` +
      `(${d.baselineOnlyIds} only in the baseline and ${d.candidateOnlyIds} only in the candidate are left out; token and cost totals are not comparable).`,
  ];
}
