import type { ApiProvider, CallApiContextParams, ProviderResponse } from 'promptfoo';
import { UserError } from '../core/errors.ts';
import { contentHash } from '../core/hash.ts';
import { applyPromptfooEnv, importPromptfoo } from '../core/promptfoo-env.ts';
import { type TokenUsage } from '../report/schema.ts';
import { buildMessages } from '../variant/messages.ts';
import { labelNames, variantId, type Variant } from '../variant/schema.ts';
import { parseAnswer } from './answer.ts';
import { describeThrown, oneLine, redactor, secretsInConfig, secretsInEnv, withoutSecrets } from './redact.ts';
import type { Classifier, ClassifierCase, Prediction } from './types.ts';
import { ERROR, INVALID } from '../core/outcome.ts';

/** A promptfoo provider as promptfoo's own config names one: an id and that provider's options. */
export interface PromptfooProviderSpec {
  /** `anthropic:messages:claude-…`, `bedrock:…`, `ollama:chat:…`, `openai:chat:…`, `http`, `file://…`. */
  id: string;
  /** The provider's `config` (model settings, `apiBaseUrl`, the `http` provider's `url`/`body`/`transformResponse`…). */
  config?: Record<string, unknown>;
}

export interface PromptfooClassifierOptions extends PromptfooProviderSpec {
  /** Folder that relative `file://` references in the config resolve against (default: the working directory). */
  basePath?: string;
}

/**
 * The label in a provider's output: text is read by `parseAnswer` (JSON `{"label": …}` or the bare
 * label, trimmed and case-folded); an object (a provider that parsed JSON itself, an `http`
 * `transformResponse`) must carry `label`. Anything else is `invalid`, with the output kept.
 */
export function labelFromOutput(output: unknown, labels: readonly string[]): Prediction {
  if (typeof output === 'string') return parseAnswer(output, labels);
  if (output !== null && typeof output === 'object' && typeof (output as { label?: unknown }).label === 'string') {
    return parseAnswer(JSON.stringify({ label: (output as { label: string }).label }), labels);
  }
  const raw = output === undefined ? '' : (JSON.stringify(output) ?? String(output));
  return { prediction: INVALID, raw, reason: output === undefined || output === null ? 'empty answer' : 'the answer holds no label' };
}

function tokenUsage(u: ProviderResponse['tokenUsage']): TokenUsage | undefined {
  if (!u || typeof u.total !== 'number' || u.total <= 0) return undefined;
  return { prompt: u.prompt ?? 0, completion: u.completion ?? 0, total: u.total, ...(u.cached ? { cached: u.cached } : {}) };
}

/** A provider response as a prediction: an `error` is `error` with its reason; otherwise the label read from the output. */
export function interpretResponse(response: ProviderResponse, labels: readonly string[], redact: (text: string) => string): Prediction {
  const tokens = tokenUsage(response.tokenUsage);
  const cost = typeof response.cost === 'number' && Number.isFinite(response.cost) && response.cost >= 0 ? response.cost : undefined;
  const extras = { ...(tokens && { tokens }), ...(cost !== undefined && { costUsd: cost }) };
  if (response.error) return { prediction: ERROR, reason: oneLine(redact(String(response.error))), ...extras };
  const p = labelFromOutput(response.output, labels);
  return {
    ...p,
    ...(p.raw !== undefined && { raw: redact(p.raw) }),
    ...(p.reason !== undefined && { reason: oneLine(redact(p.reason)) }),
    ...extras,
  };
}

/**
 * promptfoo's `http` provider accepts every status by default, so a 500 would reach
 * `transformResponse` and come back as an odd answer (`invalid`); labelgate's contract is that a
 * failed request is an `error`. A `validateStatus` of the user's own wins.
 */
function withStatusCheck(id: string, config: Record<string, unknown>): Record<string, unknown> {
  const http = /^https?(:|$)/.test(id);
  return http && config.validateStatus === undefined ? { ...config, validateStatus: 'status >= 200 && status < 300' } : config;
}

/**
 * The `promptfoo` backend: any provider promptfoo can load, by its id, sent the variant's chat
 * messages (as promptfoo's JSON chat prompt, which chat providers read as messages). The case's
 * `query` and `document` are also vars, for an `http` provider's body template.
 */
export async function createPromptfooClassifier(options: PromptfooClassifierOptions): Promise<Classifier> {
  const id = options.id.trim();
  if (id === '') throw new UserError('no promptfoo provider given: pass --provider ID (for example anthropic:messages:claude-sonnet-4-5)');
  const config = options.config ?? {};
  applyPromptfooEnv();
  process.env.LOG_LEVEL ??= 'warn';
  const promptfoo = await importPromptfoo();
  // labelgate's own response cache is the one that applies; promptfoo's would answer behind its back.
  promptfoo.cache.disableCache();
  const redact = redactor([...secretsInConfig(config), ...secretsInEnv()]);
  let provider: ApiProvider;
  try {
    provider = await promptfoo.loadApiProvider(id, { options: { config: withStatusCheck(id, config) }, basePath: options.basePath ?? process.cwd() });
  } catch (e) {
    throw new UserError(`promptfoo cannot load the provider "${id}": ${describeThrown(e, redact)}`);
  }
  const hash = contentHash(JSON.stringify({ id, config: withoutSecrets(config) }));

  return {
    backend: 'promptfoo',
    model: id,
    classifier: { kind: 'promptfoo', ref: id, hash },
    async classify(variant: Variant, c: ClassifierCase, signal?: AbortSignal): Promise<Prediction> {
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      const prompt = JSON.stringify(buildMessages(variant, c));
      const context = {
        prompt: { raw: prompt, label: variantId(variant) },
        vars: { query: c.query, document: c.document ?? '' },
      } as unknown as CallApiContextParams;
      try {
        const response = await provider.callApi(prompt, context, signal ? { abortSignal: signal } : undefined);
        return { ...interpretResponse(response ?? {}, labelNames(variant), redact), latencyMs: elapsed() };
      } catch (e) {
        return { prediction: ERROR, reason: describeThrown(e, redact), latencyMs: elapsed() };
      }
    },
  };
}
