import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '../errors.ts';

export const FORMATS = ['text', 'markdown', 'json'] as const;
export type Format = (typeof FORMATS)[number];

/** node:util's parseArgs, with a user mistake reported as one line instead of a stack. */
export function parse<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (e) {
    throw new UserError((e as Error).message.split('\n')[0]!.replace(/\. To specify a positional.*$/, ''));
  }
}

export function oneOf<const T extends readonly string[]>(value: string | undefined, allowed: T, flag: string, fallback: T[number]): T[number] {
  if (value === undefined) return fallback;
  if (!allowed.includes(value)) throw new UserError(`${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
  return value as T[number];
}

export function positiveInt(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`${flag} must be a positive whole number (got "${value}")`);
  return n;
}

export function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new UserError(`${flag} is required`);
  return value;
}
