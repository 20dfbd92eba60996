import { UserError } from '../core/errors.ts';
import { SCHEMA_VERSION } from './schema.ts';

/**
 * Reports written by an older labelgate are migrated on read, one version at a time, so every
 * command reads every report it ever wrote. `MIGRATIONS[v]` turns a version-v report into a
 * version-(v+1) one. Version 1 is the first, so the chain is empty; the next schema change adds its
 * step here. tests/report/stored-v1.test.ts reads a stored version 1 report, so a change that
 * breaks reading one fails there.
 */
const MIGRATIONS: Record<number, (report: Record<string, unknown>) => Record<string, unknown>> = {};

/** The parsed JSON of a report, brought to the current schema version; a version this labelgate cannot read is the user's error. */
export function migrateReport(data: unknown, file: string): unknown {
  const version = (data as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new UserError(`report schemaVersion ${JSON.stringify(version)} is not supported (this labelgate reads ${SCHEMA_VERSION})`, file);
  }
  if (version > SCHEMA_VERSION) {
    throw new UserError(`report schemaVersion ${version} is newer than this labelgate reads (${SCHEMA_VERSION}): upgrade labelgate`, file);
  }
  let report = data as Record<string, unknown>;
  for (let v = version; v < SCHEMA_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) throw new UserError(`report schemaVersion ${v} cannot be migrated (no migration to ${v + 1})`, file);
    report = { ...step(report), schemaVersion: v + 1 };
  }
  return report;
}
