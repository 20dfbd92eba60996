import { readFileSync } from 'node:fs';
import type { CaseRow } from '../../src/report/schema.ts';

export function fixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

/** Rows from parallel gold/predicted arrays, values turned into label names by `name`. */
export function rowsOf(gold: readonly (string | number | null)[], predicted: readonly (string | number)[], name: (v: string | number) => string = String): CaseRow[] {
  return gold.map((g, i) => ({ id: `c${i}`, gold: g === null ? null : name(g), prediction: name(predicted[i]!) }));
}

/**
 * Compares a number with a doctest's printed value: "0.22..." (ELLIPSIS) means the repr starts
 * with "0.22"; "0." or "0.8" is numpy's shortest repr of an exact value.
 */
export function matchesDoctest(value: number, printed: string): boolean {
  if (printed.endsWith('...')) return String(value).startsWith(printed.slice(0, -3));
  return value === Number(printed);
}
