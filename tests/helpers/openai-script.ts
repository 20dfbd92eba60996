import { mulberry32 } from '../../src/metrics/random.ts';
import { keywordModel, requestedLabels, type FakeHandler, type FakeReply } from './openai-server.ts';

/**
 * A scripted "model" for the fake OpenAI server: answers like `keywordModel` after a latency drawn
 * from a distribution, and injects faults at given rates, all from one seed so a run can be
 * repeated. Rates are per request (a retried request draws again).
 */
export interface Script {
  seed?: number;
  /** Latency in ms: a fixed value, or uniform in [min, max]. */
  latencyMs?: number | { min: number; max: number };
  /** Fractions of requests (summing to at most 1) that fail in each way. */
  faults?: Partial<Record<Fault, number>>;
  /** How long a hang lasts (longer than the client's timeout; default 60 s). */
  hangMs?: number;
}

export const FAULTS = ['status429', 'status500', 'status503', 'hang', 'drop', 'malformed', 'refusal', 'outside'] as const;
export type Fault = (typeof FAULTS)[number];

export interface ScriptedModel extends FakeHandler {
  /** How many times each fault was injected. */
  injected: Record<Fault, number>;
}

export function scriptedModel(script: Script = {}): ScriptedModel {
  const rng = mulberry32(script.seed ?? 1);
  const latency = script.latencyMs ?? 0;
  const injected = Object.fromEntries(FAULTS.map((f) => [f, 0])) as Record<Fault, number>;
  const draw = () => (typeof latency === 'number' ? latency : latency.min + rng() * (latency.max - latency.min));
  const pick = (): Fault | undefined => {
    let u = rng();
    for (const f of FAULTS) {
      const p = script.faults?.[f] ?? 0;
      if (u < p) return f;
      u -= p;
    }
    return undefined;
  };
  const handler = ((req) => {
    const delayMs = draw();
    const fault = pick();
    if (fault) injected[fault] += 1;
    const reply = ((): FakeReply => {
      switch (fault) {
        case 'status429':
          return { status: 429, headers: { 'retry-after-ms': '50', 'retry-after': '1' }, body: { error: { message: 'Rate limit reached', type: 'requests' } } };
        case 'status500':
          return { status: 500, body: { error: { message: 'The server had an error while processing your request', type: 'server_error' } } };
        case 'status503':
          return { status: 503, body: { error: { message: 'The engine is currently overloaded', type: 'server_error' } } };
        case 'hang':
          return { label: 'other', delayMs: script.hangMs ?? 60_000 };
        case 'drop':
          return { destroy: true };
        case 'malformed':
          return { status: 200, contentType: 'application/json', body: '{"id": "chatcmpl-trunc", "choices": [{"message": {"content": "{\\"lab' };
        case 'refusal':
          return { refusal: "I'm sorry, I can't help with that." };
        case 'outside':
          return { label: `not-${requestedLabels(req.body)[0] ?? 'a-label'}` };
        default:
          return keywordModel(req) as FakeReply;
      }
    })();
    return { delayMs, ...reply } as FakeReply;
  }) as ScriptedModel;
  handler.injected = injected;
  return handler;
}
