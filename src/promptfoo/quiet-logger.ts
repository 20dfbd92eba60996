/**
 * promptfoo's logger does the expensive part of a debug message before knowing whether anything will
 * record it: every `logger.debug` call captures a stack trace to compute a caller location (mapped
 * through source maps when they are enabled, as tsx enables them), retries a dynamic import of
 * `source-map-support` (resolved through the module loader's hooks each time, since it is not
 * installed), and sanitises and serialises the context object. promptfoo logs several debug messages
 * per test, so at the default level this costs more than running the test. No setting turns it off.
 *
 * The logger object is handed to providers (`context.logger`); this wraps its `debug` so that a
 * message no transport would record is dropped before that work. Whenever some transport takes debug
 * messages (`--verbose`, `LOG_LEVEL=debug`, promptfoo's debug log file), the original runs as before,
 * so what gets logged is unchanged.
 */

interface Transport {
  level?: string;
}

/** The part of promptfoo's logger this relies on. */
interface PromptfooLogger {
  debug: (message: string, context?: unknown) => void;
  readonly transports?: readonly Transport[];
}

const quieted = new WeakSet<object>();

function isPromptfooLogger(value: unknown): value is PromptfooLogger {
  if (typeof value !== 'object' || value === null) return false;
  const l = value as Partial<PromptfooLogger>;
  return typeof l.debug === 'function' && Array.isArray(l.transports);
}

/** Whether a transport records debug messages (a transport without its own level follows the logger's: counted as yes). */
export function recordsDebug(transports: readonly Transport[]): boolean {
  return transports.some((t) => t.level === undefined || t.level === 'debug');
}

/** Makes `logger.debug` skip messages no transport records; anything that is not promptfoo's logger is left alone. Idempotent. */
export function quietDebugLogging(logger: unknown): void {
  if (!isPromptfooLogger(logger) || quieted.has(logger)) return;
  const debug = logger.debug;
  logger.debug = function (this: unknown, message: string, context?: unknown) {
    if (recordsDebug(logger.transports ?? [])) debug.call(this, message, context);
  };
  quieted.add(logger);
}
