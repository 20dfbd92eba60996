import path from 'node:path';
import type { ApiProvider, CallApiContextParams, CallApiOptionsParams, ProviderOptions, ProviderResponse } from 'promptfoo';
import { createClassifier, type ClassifierOptions } from '../classifier/create.ts';
import type { BackendName, Classifier, ClassifierCase } from '../classifier/types.ts';
import { UserError } from '../core/errors.ts';
import { ERROR } from '../core/outcome.ts';
import { loadVariant } from '../variant/load.ts';
import { labelNames, type Variant } from '../variant/schema.ts';
import { applyPromptfooEnv } from '../core/promptfoo-env.ts';
import { recordAnswer } from './answers.ts';
import type { ResponseMetadata } from './grade.ts';
import { quietDebugLogging } from './quiet-logger.ts';
import { caseFromVars } from './tests.ts';
import { useConfigEnv } from './literal.ts';

export interface ProviderConfig extends Partial<ClassifierOptions> {
  backend?: BackendName;
}

const variantCache = new Map<string, Variant>();

/** The variant a prompt stands for: its `config.variant` path, loaded once per process. */
export function variantFor(file: unknown): Variant {
  if (typeof file !== 'string' || file === '') throw new UserError('the prompt has no config.variant (the path of a prompt variant file)');
  const key = path.resolve(file);
  let v = variantCache.get(key);
  if (!v) {
    v = loadVariant(file);
    variantCache.set(key, v);
  }
  return v;
}

/** Reads the backend from the provider config, then `LABELGATE_BACKEND`, defaulting to offline. */
function resolveConfig(config: ProviderConfig): ClassifierOptions {
  const backend = (config.backend ?? process.env.LABELGATE_BACKEND ?? 'offline') as BackendName;
  const model = config.model ?? process.env.LABELGATE_MODEL;
  return { ...config, backend, ...(model !== undefined && { model }) };
}

/**
 * labelgate's classifier as a promptfoo provider. promptfoo renders the variant's messages (shown in
 * its table and viewer); the provider classifies the case with the chosen backend and returns the
 * predicted label as the output. A failure is the output `error`, so every case reaches the assertion.
 */
export class LabelgateProvider implements ApiProvider {
  readonly config: ProviderConfig;
  private readonly options: ClassifierOptions;
  private classifier: Promise<Classifier> | undefined;
  private readonly providerId: string;
  private readonly cases: readonly ClassifierCase[] | undefined;

  /**
   * `variants`: already loaded (by `eval`), so they are not read again. `cases`: labelgate's own runs
   * keep the cases here and give promptfoo only each case's position in this list as `vars.case`
   * (see `runPromptfoo`); a bare promptfoo run passes the case itself in `vars.case`.
   */
  constructor(options: ProviderOptions & { classifier?: Classifier; variants?: Variant[]; cases?: readonly ClassifierCase[] } = {}) {
    applyPromptfooEnv();
    // A bare promptfoo run hands its providers the config's `env`; the prompt function needs its switch.
    useConfigEnv(options.env);
    this.config = (options.config ?? {}) as ProviderConfig;
    this.options = resolveConfig(this.config);
    if (options.classifier) this.classifier = Promise.resolve(options.classifier);
    for (const v of options.variants ?? []) variantCache.set(path.resolve(v.path), v);
    this.cases = options.cases;
    this.providerId = options.id ?? `labelgate:${this.options.backend}${this.options.model ? `:${this.options.model}` : ''}`;
  }

  id(): string {
    return this.providerId;
  }

  toJSON() {
    // The config may hold an API key: promptfoo stores and shows toJSON(), so keep only what is safe.
    return { id: this.providerId, config: { backend: this.options.backend, model: this.options.model } };
  }

  async callApi(_prompt: string, context?: CallApiContextParams, options?: CallApiOptionsParams): Promise<ProviderResponse> {
    if (!context) return { error: 'labelgate provider needs promptfoo context (vars and prompt config)' };
    quietDebugLogging((context as { logger?: unknown }).logger);
    const variant = variantFor(context.prompt.config?.variant);
    const position = context.vars.case;
    const input = typeof position === 'number' && this.cases ? this.cases[position] : caseFromVars(context.vars);
    if (!input) return { error: `labelgate provider: no case at position ${String(position)}` };
    this.classifier ??= createClassifier(this.options);
    const classifier = await this.classifier;
    const started = performance.now();
    let p;
    try {
      // promptfoo's `repeat` runs a test k times; each run is its own call (and cache entry).
      const repeat = context.repeatIndex ?? 0;
      p = await classifier.classify(variant, repeat > 0 ? { ...input, repeat } : input, options?.abortSignal);
    } catch (e) {
      p = { prediction: ERROR, reason: (e as Error).message };
    }
    const latencyMs = p.latencyMs ?? performance.now() - started;
    const metadata: ResponseMetadata = {
      labels: labelNames(variant),
      backend: classifier.backend,
      ...(classifier.model !== undefined && { model: classifier.model }),
      latencyMs,
      ...(p.raw !== undefined && { raw: p.raw }), ...(p.reason !== undefined && { reason: p.reason }),
      ...((context.repeatIndex ?? 0) > 0 && { repeat: context.repeatIndex }) };
    const response: ProviderResponse = {
      output: p.prediction,
      latencyMs,
      metadata: { ...metadata },
      ...(p.costUsd !== undefined && { cost: p.costUsd }),
      ...(p.tokens && { tokenUsage: { prompt: p.tokens.prompt, completion: p.tokens.completion, total: p.tokens.total, cached: p.tokens.cached ?? 0, numRequests: 1 } }),
    };
    // A bare promptfoo run (the case in vars): the hook's report may need this answer.
    if (!this.cases) recordAnswer(context.prompt.label, context.vars, response, context.repeatIndex ?? 0);
    return response;
  }
}
