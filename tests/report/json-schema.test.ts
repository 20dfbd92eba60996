import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { APPLY_REPORT_SCHEMA_FILE, applyReportJsonSchemaText, REPORT_SCHEMA_FILE, reportJsonSchema, reportJsonSchemaText } from '../../src/report/json-schema.ts';

describe('schema/report.schema.json', () => {
  it('is up to date with the zod schema (regenerate: npx tsx src/report/json-schema.ts)', () => {
    expect(readFileSync(REPORT_SCHEMA_FILE, 'utf8')).toBe(reportJsonSchemaText());
  });

  it('describes the report contract', () => {
    const schema = reportJsonSchema() as {
      $schema: string;
      required: string[];
      properties: { variants: { items: { properties: { metrics: { required: string[] } } } } };
    };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.required).toEqual(expect.arrayContaining(['schemaVersion', 'tool', 'createdAt', 'dataset', 'variants']));
    expect(schema.properties.variants.items.properties.metrics.required).toEqual(
      expect.arrayContaining(['accuracy', 'accuracyCI', 'macroF1', 'macroF1CI', 'kappa', 'perLabel', 'confusion', 'invalid', 'error']),
    );
  });
});

describe('schema/apply-report.schema.json', () => {
  it('is up to date with the zod schema (regenerate: npx tsx src/report/json-schema.ts)', () => {
    expect(readFileSync(APPLY_REPORT_SCHEMA_FILE, 'utf8')).toBe(applyReportJsonSchemaText());
    const schema = JSON.parse(applyReportJsonSchemaText()) as { required: string[]; properties: { kind: { const: string } } };
    expect(schema.required).toEqual(expect.arrayContaining(['schemaVersion', 'kind', 'corpus', 'variant', 'distribution', 'cases']));
    expect(schema.properties.kind.const).toBe('labelgate-apply');
  });
});
