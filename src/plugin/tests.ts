import type { TestCase } from 'promptfoo';
import { UserError } from '../core/errors.ts';
import { loadDataset, parseFieldMap, selectSplit } from '../dataset/load.ts';
import { SPLITS, type Split } from '../dataset/split.ts';
import { caseToTest } from '../promptfoo/tests.ts';
import { DEFAULT_DATASET } from '../run/config.ts';

/** promptfoo test generator: `tests: [{path: file://providers/tests.ts, config: {dataset, split, map}}]`. */
export function generateTests(config: { dataset?: string; split?: Split; map?: string } = {}): TestCase[] {
  const split = config.split ?? 'all';
  if (!SPLITS.includes(split)) throw new UserError(`split must be one of ${SPLITS.join(', ')}`, 'tests config');
  const dataset = loadDataset(config.dataset ?? DEFAULT_DATASET, parseFieldMap(config.map, 'tests config map'));
  return selectSplit(dataset, split).map(caseToTest);
}
