import { existsSync } from 'node:fs';
import * as z from 'zod';
import { firstIssue, schemaError, UserError } from '../core/errors.ts';
import { parseYamlFile } from '../core/yaml.ts';

/** The gate's rules live in one file at the repository root, used when present. */
export const GATE_CONFIG_FILE = 'labelgate.gate.yaml';

const Rate = z.number().min(0).max(1);

const LabelRulesSchema = z.strictObject({
  minRecall: Rate.optional(),
  minF1: Rate.optional(),
  /** Overrides `regression.maxRecallDrop` for this label. */
  maxRecallDrop: Rate.optional(),
});

const DefaultsSchema = z.strictObject({ minRecall: Rate.optional(), minF1: Rate.optional() });

const BootstrapSchema = z.strictObject({
  resamples: z.number().int().min(100).max(100_000).default(2000),
  seed: z.number().int().default(1),
});

const RegressionSchema = z.strictObject({
  maxAccuracyDrop: Rate.default(0.02),
  maxRecallDrop: Rate.default(0.05),
  /** Significance level of McNemar's exact one-sided test. */
  alpha: z.number().gt(0).lt(1).default(0.05),
  /**
   * Share of α the accuracy rule gets in the correction for testing many rules at once; the
   * per-label rules split the rest (see docs/gate.md).
   */
  accuracyShare: z.number().gt(0).lt(1).default(0.5),
  /** Power at which the minimum detectable drop of a rule is stated. */
  power: z.number().min(0.5).lt(1).default(0.8),
  bootstrap: BootstrapSchema.default(() => BootstrapSchema.parse({})),
});

export const GateConfigSchema = z.strictObject({
  /** The variants the gate judges, by name (default: every variant in the candidate report). */
  variants: z.array(z.string().min(1)).min(1).optional(),
  minAccuracy: Rate.default(0),
  maxInvalidRate: Rate.default(0.05),
  maxErrorRate: Rate.default(0),
  /** Per-label floors for every label, unless `labels` overrides them. */
  defaults: DefaultsSchema.default({}),
  labels: z.record(z.string(), LabelRulesSchema).default({}),
  regression: RegressionSchema.default(() => RegressionSchema.parse({})),
  /** What an inconclusive rule counts as in the overall verdict. */
  inconclusive: z.enum(['pass', 'fail']).default('pass'),
  /**
   * How many of a baseline variant's cases the candidate variant may lack (on a changed dataset as
   * well): deleting the cases a change breaks must not pass the gate.
   */
  maxRemovedCases: z.number().int().min(0).default(0),
  /** A variant the baseline has and the candidate lacks fails the gate unless this is true. */
  allowRemovedVariants: z.boolean().default(false),
});
export type GateConfig = z.infer<typeof GateConfigSchema>;
export type GateConfigInput = z.input<typeof GateConfigSchema>;

/** The rules with every default filled in. */
export function gateConfig(input: GateConfigInput = {}): GateConfig {
  return GateConfigSchema.parse(input);
}

/** The keys allowed at each level, for "did you mean" lists in unknown-key errors. */
function knownKeys(path: readonly PropertyKey[]): string[] {
  const [first, second] = path;
  if (path.length === 0) return Object.keys(GateConfigSchema.shape);
  if (first === 'defaults') return Object.keys(DefaultsSchema.shape);
  if (first === 'labels') return Object.keys(LabelRulesSchema.shape);
  if (first === 'regression') return Object.keys(second === 'bootstrap' ? BootstrapSchema.shape : RegressionSchema.shape);
  return [];
}

export interface LoadedGateConfig {
  config: GateConfig;
  /** The file it came from; undefined when no file exists and the defaults apply. */
  file?: string;
  /** The line of a field in the file (1 when unknown), for errors about a valid but inapplicable rule. */
  lineOf(path: string[]): number;
}

/**
 * Reads the gate config. With no `file`, `labelgate.gate.yaml` is used if it exists and the
 * defaults otherwise; a named file that cannot be read, invalid YAML, an unknown rule or a bad value
 * is a `file:line` error (an unknown key points at its own line). An empty file means "all defaults".
 */
export function loadGateConfig(file?: string): LoadedGateConfig {
  const path = file ?? GATE_CONFIG_FILE;
  if (file === undefined && !existsSync(path)) return { config: gateConfig(), lineOf: () => 1 };
  // Validated here rather than by loadYamlFile, so that an unknown key's error names that key and
  // its line rather than the enclosing object's.
  const { doc, lineOf: line } = parseYamlFile(path);
  const result = GateConfigSchema.safeParse(doc.toJS() ?? {});
  if (!result.success) {
    const issue = firstIssue(result.error);
    if (issue.unknownKey !== undefined) {
      const keyPath = [...issue.path, issue.unknownKey];
      const known = knownKeys(issue.path);
      throw new UserError(`${keyPath.join('.')}: unknown rule "${issue.unknownKey}"${known.length > 0 ? ` (known here: ${known.join(', ')})` : ''}`, path, line(keyPath));
    }
    throw schemaError(result.error, path, { lineOf: line });
  }
  return { config: result.data, file: path, lineOf: line };
}

/** Per-label rules naming a label no judged variant has are most likely typos: refuse them. */
export function checkConfigLabels(loaded: LoadedGateConfig, knownLabels: ReadonlySet<string>): void {
  for (const label of Object.keys(loaded.config.labels)) {
    if (knownLabels.has(label)) continue;
    throw new UserError(
      `labels.${label}: no judged variant has the label "${label}" (labels: ${[...knownLabels].join(', ')})`,
      loaded.file ?? GATE_CONFIG_FILE,
      loaded.lineOf(['labels', label]),
    );
  }
}
