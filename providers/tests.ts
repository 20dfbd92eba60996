// promptfoo test generator: `tests: [{path: file://providers/tests.ts, config: {dataset, split, map}}]`.
import { DEFAULT_DATASET } from '../src/config.ts';
import { loadDataset, parseFieldMap, selectSplit } from '../src/dataset/load.ts';
import { SPLITS, type Split } from '../src/dataset/split.ts';
import { isUserError } from '../src/errors.ts';
import { caseToTest, checkLabelNames } from '../src/promptfoo/tests.ts';
import { termMessage } from '../src/render/escape.ts';

export default function tests(config: { dataset?: string; split?: Split; map?: string } = {}) {
  const split = config.split ?? 'all';
  if (!SPLITS.includes(split)) throw new Error(`split must be one of ${SPLITS.join(', ')}`);
  try {
    const dataset = loadDataset(config.dataset ?? DEFAULT_DATASET, parseFieldMap(config.map, 'tests config map'));
    const cases = selectSplit(dataset, split);
    checkLabelNames(dataset, cases);
    return cases.map(caseToTest);
  } catch (e) {
    // promptfoo prints only the message: keep the file and line in it, and the dataset's text inert.
    if (isUserError(e)) throw new Error(termMessage(e.format()));
    throw e;
  }
}
