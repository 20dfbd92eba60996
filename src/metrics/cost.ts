import { ERROR } from '../core/outcome.ts';
import type { CaseRow, Price, TokenUsage, Usage } from '../report/schema.ts';

/** A price per model name, in USD per 1M tokens: `prices` in labelgate.config.yaml. */
export type PriceTable = Readonly<Record<string, Price>>;

/**
 * Backends whose answers nobody bills: the offline model runs locally, and replayed predictions were
 * made (and paid for) elsewhere. Their reports carry no cost rather than an "unknown" one.
 */
export const UNBILLED_BACKENDS: readonly string[] = ['offline', 'replay'];

/** Tokens at a price: prompt tokens at `input` (those served from the prompt cache at `cachedInput`, when given), completion at `output`. */
export function tokenCost(tokens: TokenUsage, price: Price): number {
  const cached = price.cachedInput === undefined ? 0 : Math.min(tokens.cached ?? 0, tokens.prompt);
  return ((tokens.prompt - cached) * price.input + cached * (price.cachedInput ?? price.input) + tokens.completion * price.output) / 1e6;
}

type CostFacts = Pick<Usage, 'costUsd' | 'costPer1kCases' | 'price' | 'costUnknown'>;

/**
 * A billed variant's cost from its rows. A row's own cost (reported by the backend: a module's
 * `costUsd`, a promptfoo provider's price) wins; else its tokens at the model's price. A row whose
 * every run is `error` got no answer and costs 0. The total is known only when every other row has
 * a cost one way or the other; otherwise it is unknown, with the reason, and never 0.
 */
export function variantCost(rows: readonly CaseRow[], model: string | undefined, price: Price | undefined): CostFacts {
  let total = 0;
  let calls = 0;
  let unpriced = 0;
  let uncounted = 0;
  let usedPrice = false;
  for (const r of rows) {
    calls += r.runs?.length ?? 1;
    if (r.costUsd !== undefined) total += r.costUsd;
    else if (r.tokens && price) {
      total += tokenCost(r.tokens, price);
      usedPrice = true;
    } else if (r.tokens) unpriced += 1;
    else if (!(r.runs ?? [r.prediction]).every((p) => p === ERROR)) uncounted += 1;
  }
  if (unpriced > 0) {
    const name = model === undefined ? 'the model' : `model "${model}"`;
    return { costUnknown: `no price for ${name}: add it under prices in labelgate.config.yaml (USD per 1M input and output tokens)` };
  }
  if (uncounted > 0) return { costUnknown: `${uncounted} answer(s) came with neither a cost nor token counts` };
  return {
    costUsd: total,
    ...(calls > 0 && { costPer1kCases: (total / calls) * 1000 }),
    ...(usedPrice && price && { price }),
  };
}
