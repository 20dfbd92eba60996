import { existsSync } from 'node:fs';
import { UserError } from '../core/errors.ts';
import { loadDataset } from '../dataset/load.ts';
import type { CaseText, CaseTexts } from '../tui/model/case-texts.ts';
import type { NamedReport } from '../tui/model/columns.ts';

/**
 * Case texts from the datasets the reports name, read the first time a detail opens (not before the
 * first frame). A dataset is used only when its bytes are the ones the report was made from (same hash):
 * a document from an edited file would be shown against predictions made on another text.
 */
export function datasetTexts(reports: readonly NamedReport[]): CaseTexts {
  let texts: Map<string, CaseText> | undefined;
  const notes: string[] = [];
  const load = (): Map<string, CaseText> => {
    if (texts) return texts;
    texts = new Map();
    const seen = new Set<string>();
    for (const { report } of reports) {
      const { path, hash, mapping } = report.dataset;
      if (seen.has(`${path}\0${hash}`)) continue;
      seen.add(`${path}\0${hash}`);
      if (!existsSync(path)) {
        notes.push(`dataset ${path} not found here: the document is not shown`);
        continue;
      }
      try {
        const dataset = loadDataset(path, mapping);
        if (dataset.hash !== hash) {
          notes.push(`${path} changed since the report was made: the document is not shown`);
          continue;
        }
        for (const c of dataset.cases) if (!texts.has(c.id)) texts.set(c.id, { query: c.query, ...(c.document !== undefined ? { document: c.document } : {}) });
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        notes.push(`${path} could not be read (${e.message}): the document is not shown`);
      }
    }
    return texts;
  };
  return {
    get: (id) => load().get(id),
    note: () => (notes.length > 0 ? notes.join('; ') : undefined),
  };
}
