import { parseArgs, type ParseArgsConfig } from 'node:util';
import { BACKENDS } from '../classifier/types.ts';
import { UserError } from '../core/errors.ts';
import { parseFieldMap } from '../dataset/load.ts';
import type { Shard } from '../dataset/shard.ts';
import { SPLITS } from '../dataset/split.ts';
import { FORMATS, type Format } from '../render/registry.ts';
import type { RunFlags } from '../run/options.ts';

export { FORMATS, type Format };

/** node:util's parseArgs, with a user mistake reported as one line instead of a stack. */
export function parse<T extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: T,
  allowPositionals = false,
): ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: boolean; strict: true }>> {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (e) {
    throw new UserError((e as Error).message.split('\n')[0]!.replace(/\. To specify a positional.*$/, ''));
  }
}

export function oneOf<const T extends readonly string[]>(value: string | undefined, allowed: T, flag: string, fallback: T[number]): T[number];
export function oneOf<const T extends readonly string[]>(value: string | undefined, allowed: T, flag: string): T[number] | undefined;
export function oneOf<const T extends readonly string[]>(value: string | undefined, allowed: T, flag: string, fallback?: T[number]): T[number] | undefined {
  if (value === undefined) return fallback;
  if (!allowed.includes(value)) throw new UserError(`${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
  return value as T[number];
}

export function positiveInt(value: string | undefined, flag: string, fallback: number): number;
export function positiveInt(value: string | undefined, flag: string): number | undefined;
export function positiveInt(value: string | undefined, flag: string, fallback?: number): number | undefined {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`${flag} must be a positive whole number (got "${value}")`);
  return n;
}

export function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new UserError(`${flag} is required`);
  return value;
}

/** `--shard i/n`: the i-th of n parts of the cases, counting from 1. */
export function parseShard(spec: string | undefined): Shard | undefined {
  if (spec === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(spec.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) throw new UserError(`--shard must be i/n with 1 <= i <= n, e.g. 2/3 (got "${spec}")`);
  return { index, count };
}

/** The flags of every command that evaluates variants (`eval`, `pr`, and those to come). */
export const RUN_FLAG_OPTIONS = {
  variants: { type: 'string', multiple: true },
  dataset: { type: 'string' },
  map: { type: 'string' },
  split: { type: 'string' },
  backend: { type: 'string' },
  model: { type: 'string' },
  'base-url': { type: 'string' },
  predictions: { type: 'string' },
  classifier: { type: 'string' },
  provider: { type: 'string' },
  concurrency: { type: 'string', short: 'j' },
  shard: { type: 'string' },
  repeat: { type: 'string' },
  'max-input-chars': { type: 'string' },
  'no-cache': { type: 'boolean', default: false },
  config: { type: 'string' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

type RunFlagValues = { [K in keyof typeof RUN_FLAG_OPTIONS]?: (typeof RUN_FLAG_OPTIONS)[K] extends { multiple: true } ? string[] : (typeof RUN_FLAG_OPTIONS)[K] extends { type: 'boolean' } ? boolean : string };

/** Those flags validated, ready for `resolveRunOptions`; a flag not given stays undefined. */
export function runFlags(values: RunFlagValues): RunFlags {
  const map = parseFieldMap(values.map);
  const split = oneOf(values.split, SPLITS, '--split');
  const backend = oneOf(values.backend, BACKENDS, '--backend');
  const concurrency = positiveInt(values.concurrency, '--concurrency');
  const maxInputChars = positiveInt(values['max-input-chars'], '--max-input-chars');
  const shard = parseShard(values.shard);
  const repeat = positiveInt(values.repeat, '--repeat');
  return {
    ...(values.variants !== undefined && { variants: values.variants }),
    ...(values.dataset !== undefined && { dataset: values.dataset }),
    ...(map && { map }),
    ...(split !== undefined && { split }),
    ...(backend !== undefined && { backend }),
    ...(values.model !== undefined && { model: values.model }),
    ...(values['base-url'] !== undefined && { baseURL: values['base-url'] }),
    ...(values.predictions !== undefined && { predictions: values.predictions }),
    ...(values.classifier !== undefined && { classifier: values.classifier }),
    ...(values.provider !== undefined && { provider: values.provider }),
    ...(concurrency !== undefined && { concurrency }),
    ...(maxInputChars !== undefined && { maxInputChars }),
    ...(shard && { shard }),
    ...(repeat !== undefined && { repeat }),
    ...(values['no-cache'] && { cache: false }),
  };
}
