import type { TestCase } from 'promptfoo';
import { isUserError, UserError } from '../core/errors.ts';
import { termMessage } from '../core/text.ts';
import { loadDataset, parseFieldMap, selectSplit } from '../dataset/load.ts';
import { SPLITS, type Split } from '../dataset/split.ts';
import { caseToTest, checkLabelNames } from '../promptfoo/tests.ts';
import { DEFAULT_DATASET } from '../run/config.ts';

/** promptfoo test generator: `tests: [{path: file://providers/tests.ts, config: {dataset, split, map}}]`. */
export function generateTests(config: { dataset?: string; split?: Split; map?: string } = {}): TestCase[] {
  const split = config.split ?? 'all';
  if (!SPLITS.includes(split)) throw new UserError(`split must be one of ${SPLITS.join(', ')}`, 'tests config');
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
