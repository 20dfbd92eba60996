import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { APPLY_SCHEMA_VERSION, ApplyReportSchema } from './apply-schema.ts';
import { ReportSchema, SCHEMA_VERSION } from './schema.ts';

/** Where the published JSON Schema lives, committed, so tools that do not run TypeScript can validate reports. */
export const REPORT_SCHEMA_FILE = fileURLToPath(new URL('../../schema/report.schema.json', import.meta.url));

/**
 * The report's JSON Schema, generated from the zod schema (the one source of truth) as it
 * describes what labelgate writes (`io: 'output'`: defaults filled in, no unknown properties).
 */
export function reportJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(ReportSchema, { target: 'draft-2020-12', io: 'output' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    title: `labelgate report, schemaVersion ${SCHEMA_VERSION}`,
    description: 'One evaluation of prompt variants on a labeled dataset: per-variant metrics, usage and per-case rows. Generated from src/report/schema.ts; do not edit by hand.',
    ...rest,
  };
}

/** The file's exact text; the test compares the committed file with this. */
export function reportJsonSchemaText(): string {
  return `${JSON.stringify(reportJsonSchema(), null, 2)}\n`;
}

export const APPLY_REPORT_SCHEMA_FILE = fileURLToPath(new URL('../../schema/apply-report.schema.json', import.meta.url));

/** The apply report's JSON Schema (`labelgate apply --out`), generated the same way. */
export function applyReportJsonSchemaText(): string {
  const { $schema, ...rest } = z.toJSONSchema(ApplyReportSchema, { target: 'draft-2020-12', io: 'output' }) as Record<string, unknown>;
  const schema = {
    $schema,
    title: `labelgate apply report, schemaVersion ${APPLY_SCHEMA_VERSION}`,
    description: 'One variant applied to a corpus: its label distribution and every case\'s prediction. Generated from src/report/apply-schema.ts; do not edit by hand.',
    ...rest,
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

// Regenerate with: npx tsx src/report/json-schema.ts
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(REPORT_SCHEMA_FILE, reportJsonSchemaText());
  writeFileSync(APPLY_REPORT_SCHEMA_FILE, applyReportJsonSchemaText());
  console.log(`wrote ${REPORT_SCHEMA_FILE} and ${APPLY_REPORT_SCHEMA_FILE}`);
}
