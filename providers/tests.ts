// promptfoo test generator: `tests: [{path: file://providers/tests.ts, config: {dataset, split, map}}]`.
import { DEFAULT_DATASET } from '../src/config.ts';
import { loadDataset, parseFieldMap, selectSplit } from '../src/dataset/load.ts';
import { SPLITS, type Split } from '../src/dataset/split.ts';
import { caseToTest } from '../src/promptfoo/tests.ts';

export default function tests(config: { dataset?: string; split?: Split; map?: string } = {}) {
  const split = config.split ?? 'all';
  if (!SPLITS.includes(split)) throw new Error(`split must be one of ${SPLITS.join(', ')}`);
  const dataset = loadDataset(config.dataset ?? DEFAULT_DATASET, parseFieldMap(config.map, 'tests config map'));
  return selectSplit(dataset, split).map(caseToTest);
}
