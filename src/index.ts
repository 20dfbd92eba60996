/**
 * labelgate's programmatic API: the functions its commands are made of, from the package root
 * (`import { evaluate } from 'labelgate'`). docs/api.md shows them at work. Importing this module
 * loads neither promptfoo nor a model SDK: an eval loads what its backend needs when it runs.
 */

// Inputs: datasets and prompt variants.
export { loadDataset, parseFieldMap, selectSplit, datasetLabels, type Dataset } from './dataset/load.ts';
export type { Case, FieldMap } from './dataset/schema.ts';
export { splitOf, SPLITS, type Split } from './dataset/split.ts';
export { readPredictions, type RecordedPrediction } from './dataset/predictions.ts';
export { loadVariant, loadVariants } from './variant/load.ts';
export { labelNames, variantId, type Variant, type Label } from './variant/schema.ts';
export { buildMessages, type ChatMessage } from './variant/messages.ts';
export { readLock, checkLock, updateLock, writeLock, describeLockProblem, type Lock, type LockProblem } from './variant/lock.ts';

// Running an eval: the options every command resolves (flag, else labelgate.config.yaml, else the default), then the loop.
export { loadProjectConfig, type ProjectConfig } from './run/config.ts';
export { resolveRunOptions, type RunFlags, type RunOptions } from './run/options.ts';
export { evaluate, type Evaluation, type EvaluateEvents } from './run/evaluate.ts';
export type { ProgressSink } from './core/progress.ts';
export { BACKENDS, type BackendName } from './classifier/types.ts';
// What a `module` classifier exports, for teams writing one in TypeScript.
export type { ClassifyFunction, ClassifyContext, ClassifyResult } from './classifier/module.ts';

// Recorded predictions, no model.
export { score, scorePredictions, type ScoreFiles, type ScoreInput } from './run/score.ts';

// Reports: building, the schema (zod, and JSON Schema), reading and writing.
export { buildReport, type ReportInput } from './report/build.ts';
export { buildVariantResult, type VariantInput } from './metrics/variant-result.ts';
export { computeMetrics, type MetricsOptions } from './metrics/index.ts';
export {
  ReportSchema,
  VariantResultSchema,
  CaseRowSchema,
  MetricsSchema,
  SCHEMA_VERSION,
  type Report,
  type VariantResult,
  type CaseRow,
  type Metrics,
  type PerLabel,
  type DatasetInfo,
  type Usage,
  type TokenUsage,
  type ClassifierInfo,
  type Interval,
} from './report/schema.ts';
export { readReport, writeReport } from './report/io.ts';
export { readCheckedReport } from './metrics/verify.ts';
export { reportJsonSchema } from './report/json-schema.ts';

// The merge gate and the diff: pure functions of reports.
export { loadGateConfig, gateConfig, GATE_CONFIG_FILE, type GateConfig, type GateConfigInput, type LoadedGateConfig } from './gate/config.ts';
export { evaluateGate } from './gate/verdict.ts';
export type { GateResult, VariantVerdict, RuleResult, RuleName, Verdict } from './gate/types.ts';
export { diffReports, type ReportDiff, type VariantDiff, type DiffOptions, type Flip } from './diff/report-diff.ts';

// The same words the CLI prints: report, gate and diff as text, markdown or json.
export { render, FORMATS, type Format } from './render/registry.ts';

// Bad input is a UserError carrying the file and line (`file:line: what is wrong`).
export { UserError, isUserError } from './core/errors.ts';
