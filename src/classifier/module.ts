import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from '../core/errors.ts';
import { TokenUsageSchema, type ClassifierInfo, type TokenUsage } from '../report/schema.ts';
import { ERROR, INVALID } from '../core/outcome.ts';
import { excerpt } from '../core/text.ts';
import { buildMessages, type ChatMessage } from '../variant/messages.ts';
import { labelNames, type Variant } from '../variant/schema.ts';
import { moduleHash } from './module-files.ts';
import { describeThrown, oneLine, redactor, secretsInEnv } from './redact.ts';
import type { Classifier, ClassifierCase, Prediction } from './types.ts';

/** What the team's `classify` receives besides the case: the variant under test and its built prompt. */
export interface ClassifyContext {
  /** The prompt variant being evaluated (name, version, labels, system message, template…). */
  variant: Variant;
  /** The variant's chat messages for this case, as the `openai` backend would send them. */
  messages: ChatMessage[];
  /** The variant's label names: the only valid answers. */
  labels: string[];
  /** Aborted when the run is cancelled or the case times out; pass it on to fetch and SDK calls. */
  signal: AbortSignal;
  /** Which run of the case this is under `eval --repeat k` (0 to k − 1; 0 without repeats). */
  repeat: number;
}

/** A label, or a label with what the code knows about how it got there. */
export type ClassifyResult = string | { label: string; raw?: string; tokens?: Partial<TokenUsage>; costUsd?: number };

/** The function a `module` classifier exports (sync or async). */
export type ClassifyFunction = (c: ClassifierCase, context: ClassifyContext) => ClassifyResult | Promise<ClassifyResult>;

export interface ModuleOptions {
  /** `path/to/file.ts#exportName`; the export defaults to `classify`. */
  spec: string;
  /** Per case; the context's signal is aborted when it runs out. */
  timeoutMs?: number;
  /** Resolve the path against this folder (default: the working directory). */
  cwd?: string;
}

export const DEFAULT_EXPORT = 'classify';
const TS_FILE = /\.[mc]?tsx?$/;

/** `./src/router.ts#route` → the file and the export name. */
export function parseModuleSpec(spec: string): { file: string; exportName: string } {
  const at = spec.lastIndexOf('#');
  const file = (at < 0 ? spec : spec.slice(0, at)).trim();
  const exportName = (at < 0 ? '' : spec.slice(at + 1)).trim() || DEFAULT_EXPORT;
  if (file === '') throw new UserError(`no file in the classifier "${spec}": give it as path/to/file.ts#${DEFAULT_EXPORT}`);
  return { file, exportName };
}

async function importFile(abs: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(abs).href;
  // tsx compiles TypeScript on import whether or not the running process registered it.
  if (TS_FILE.test(abs)) return (await (await import('tsx/esm/api')).tsImport(url, import.meta.url)) as Record<string, unknown>;
  return (await import(url)) as Record<string, unknown>;
}

/** Loads the team's classifier function; a missing file, a file that does not load or a missing export is the user's to fix. */
export async function loadClassifyFunction(file: string, exportName: string, cwd = process.cwd()): Promise<ClassifyFunction> {
  const abs = path.resolve(cwd, file);
  if (!existsSync(abs)) throw new UserError('classifier module not found', file);
  let mod: Record<string, unknown>;
  try {
    mod = await importFile(abs);
  } catch (e) {
    throw new UserError(`the classifier module does not load: ${describeThrown(e, redactor(secretsInEnv()))}`, file);
  }
  // A CommonJS module's exports arrive as `default`.
  const fromDefault = mod.default !== null && typeof mod.default === 'object' ? (mod.default as Record<string, unknown>)[exportName] : undefined;
  const fn = mod[exportName] ?? fromDefault;
  if (typeof fn !== 'function') {
    const names = Object.keys(mod).filter((k) => typeof mod[k] === 'function');
    const has = names.length > 0 ? `it exports ${names.map((n) => `"${n}"`).join(', ')}` : 'it exports no function';
    throw new UserError(`no function "${exportName}" exported by the classifier module (${has}); name one with ${file}#NAME`, file);
  }
  return fn as ClassifyFunction;
}

/** Tokens as the team's code may count them: `total` may be left out. */
const ReturnedTokensSchema = TokenUsageSchema.partial({ total: true });

/** What the team's function returned, judged against the variant's labels: a label, or `invalid` with what came back. */
export function judgeReturned(value: unknown, labels: readonly string[]): Prediction {
  const shown = (v: unknown) => excerpt(typeof v === 'string' ? v : (safeJson(v) ?? String(v)), 200);
  if (typeof value === 'string') {
    return labels.includes(value) ? { prediction: value } : { prediction: INVALID, raw: value, reason: `"${excerpt(value, 80)}" is not a label` };
  }
  if (value === null || typeof value !== 'object' || !('label' in value)) {
    return { prediction: INVALID, raw: shown(value), reason: 'classify returned neither a label nor an object with a label' };
  }
  const r = value as { label: unknown; raw?: unknown; tokens?: unknown; costUsd?: unknown };
  const raw = typeof r.raw === 'string' ? r.raw : undefined;
  if (typeof r.label !== 'string' || !labels.includes(r.label)) {
    const what = typeof r.label === 'string' ? `"${excerpt(r.label, 80)}" is not a label` : 'the returned label is not a string';
    return { prediction: INVALID, raw: raw ?? shown(value), reason: what };
  }
  let tokens: TokenUsage | undefined;
  if (r.tokens !== undefined) {
    const parsed = ReturnedTokensSchema.safeParse(r.tokens);
    if (!parsed.success) return { prediction: INVALID, raw: shown(value), reason: 'classify returned malformed tokens ({prompt, completion, total?, cached?} as counts)' };
    tokens = { ...parsed.data, total: parsed.data.total ?? parsed.data.prompt + parsed.data.completion };
  }
  if (r.costUsd !== undefined && !(typeof r.costUsd === 'number' && Number.isFinite(r.costUsd) && r.costUsd >= 0)) {
    return { prediction: INVALID, raw: shown(value), reason: 'classify returned a costUsd that is not a non-negative number' };
  }
  return {
    prediction: r.label,
    ...(raw !== undefined && { raw }),
    ...(tokens && { tokens }),
    ...(typeof r.costUsd === 'number' && { costUsd: r.costUsd }),
  };
}

function safeJson(v: unknown): string | undefined {
  try {
    return JSON.stringify(v);
  } catch {
    return undefined;
  }
}

class CaseTimeout extends Error {}

/**
 * The `module` backend: the team's own classifier code, called in-process with each case and the
 * variant under test. Whatever it throws becomes `error` (message redacted, one line); whatever it
 * returns that is not a label of the variant becomes `invalid`, with what it returned kept.
 */
export async function createModuleClassifier(options: ModuleOptions): Promise<Classifier> {
  const { file, exportName } = parseModuleSpec(options.spec);
  const cwd = options.cwd ?? process.cwd();
  const fn = await loadClassifyFunction(file, exportName, cwd);
  const { hash } = moduleHash(path.resolve(cwd, file));
  const ref = `${path.relative(cwd, path.resolve(cwd, file)).split(path.sep).join('/')}#${exportName}`;
  const classifier: ClassifierInfo = { kind: 'module', ref, hash };
  const redact = redactor(secretsInEnv());
  const { timeoutMs } = options;

  return {
    backend: 'module',
    model: ref,
    classifier,
    async classify(variant: Variant, c: ClassifierCase, signal?: AbortSignal): Promise<Prediction> {
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      const controller = new AbortController();
      const forward = () => controller.abort(signal?.reason);
      if (signal?.aborted) forward();
      signal?.addEventListener('abort', forward, { once: true });
      let timer: NodeJS.Timeout | undefined;
      try {
        const context: ClassifyContext = { variant, messages: buildMessages(variant, c), labels: labelNames(variant), signal: controller.signal, repeat: c.repeat ?? 0 };
        const input: ClassifierCase = { id: c.id, query: c.query, ...(c.document !== undefined && { document: c.document }) };
        const stop = new Promise<never>((_, reject) => {
          if (timeoutMs !== undefined) {
            timer = setTimeout(() => {
              reject(new CaseTimeout(`timed out after ${timeoutMs} ms`));
              controller.abort(new CaseTimeout('timed out'));
            }, timeoutMs);
          }
          controller.signal.addEventListener('abort', () => reject(new CaseTimeout('aborted')), { once: true });
        });
        const value = await Promise.race([Promise.resolve().then(() => fn(input, context)), stop]);
        const p = judgeReturned(value, labelNames(variant));
        return { ...p, ...(p.raw !== undefined && { raw: redact(p.raw) }), ...(p.reason !== undefined && { reason: oneLine(redact(p.reason)) }), latencyMs: elapsed() };
      } catch (e) {
        return { prediction: ERROR, reason: describeThrown(e, redact), latencyMs: elapsed() };
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', forward);
      }
    },
  };
}
