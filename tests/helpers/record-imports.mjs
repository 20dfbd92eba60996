// Loaded with `node --import` by tests that check which modules a command loads: every module URL
// the command resolves is appended to the file named by LABELGATE_TEST_IMPORTS, one per line.
import { register } from 'node:module';

register('./record-imports-hooks.mjs', import.meta.url, { data: { file: process.env.LABELGATE_TEST_IMPORTS } });
