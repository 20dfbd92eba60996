import type { TestCase } from 'promptfoo';
import { isUserError, UserError } from '../core/errors.ts';
import { termMessage } from '../core/text.ts';
import { loadDataset, parseFieldMap, selectSplit } from '../dataset/load.ts';
import { SPLITS, type Split } from '../dataset/split.ts';
import { caseToTest, checkLabelNames } from '../promptfoo/tests.ts';
import { loadProjectConfig } from '../run/config.ts';
import { resolveRunOptions } from '../run/options.ts';

/** promptfoo test generator: `tests: [{path: file://providers/tests.ts, config: {dataset, split, map}}]`. */
export function generateTests(config: { dataset?: string; split?: Split; map?: string } = {}): TestCase[] {
  const split = config.split ?? 'all';
  if (!SPLITS.includes(split)) throw new UserError(`split must be one of ${SPLITS.join(', ')}`, 'tests config');
  try {
    // Without a dataset in this config, the project's (labelgate.config.yaml, else labelgate's default).
    const project = config.dataset === undefined ? resolveRunOptions({}, loadProjectConfig()) : undefined;
    const dataset = loadDataset(config.dataset ?? project!.dataset, config.map !== undefined ? parseFieldMap(config.map, 'tests config map') : project?.map);
    const cases = selectSplit(dataset, split);
    checkLabelNames(dataset, cases);
    return cases.map(caseToTest);
  } catch (e) {
    // promptfoo prints only the message: keep the file and line in it, and the dataset's text inert.
    if (isUserError(e)) throw new Error(termMessage(e.format()));
    throw e;
  }
}
