import path from 'node:path';
import { ROOT } from './cli.ts';

/** The hostile-dataset fixture: dataset.jsonl, bad-label.jsonl, binary.jsonl and leak.txt. */
export const HOSTILE_DIR = path.join(ROOT, 'tests/fixtures/hostile');

/** The API key the runs see. Not shaped like a key (promptfoo redacts those, which would hide a leak). */
export const HOSTILE_SECRET = 'SENTINEL-environment-value-4242';

/** What the fixture's templates, includes and file references become if anything evaluates them. */
export const EVALUATED = ['and 49', 'EVALUATED', 'R0R1R2', '0-1-2', 'LEAKED-FILE-CONTENT'];
