import { describe, expect, it, vi } from 'vitest';
import { quietDebugLogging } from '../../src/promptfoo/quiet-logger.ts';

function fakeLogger(levels: (string | undefined)[]) {
  const debug = vi.fn();
  return { debug, transports: levels.map((level) => ({ level })), original: debug };
}

describe("promptfoo's debug logging", () => {
  it('is skipped before any work while no transport records debug messages', () => {
    const logger = fakeLogger(['info', 'error']);
    quietDebugLogging(logger);
    logger.debug('message', { context: 1 });
    expect(logger.original).not.toHaveBeenCalled();
  });

  it('goes through unchanged once a transport records debug messages (--verbose, a debug log file), and stops again after', () => {
    const logger = fakeLogger(['info']);
    quietDebugLogging(logger);
    logger.transports.push({ level: 'debug' });
    logger.debug('recorded', { a: 1 });
    expect(logger.original).toHaveBeenCalledWith('recorded', { a: 1 });
    logger.transports[0]!.level = 'debug';
    logger.transports.pop();
    logger.debug('still recorded');
    expect(logger.original).toHaveBeenCalledTimes(2);
    logger.transports[0]!.level = 'warn';
    logger.debug('dropped');
    expect(logger.original).toHaveBeenCalledTimes(2);
  });

  it('counts a transport without its own level as recording, wraps once, and leaves anything else alone', () => {
    const logger = fakeLogger([undefined]);
    quietDebugLogging(logger);
    const wrapped = logger.debug;
    quietDebugLogging(logger);
    expect(logger.debug).toBe(wrapped);
    logger.debug('x');
    expect(logger.original).toHaveBeenCalledTimes(1);
    const notALogger = { debug: 1, transports: [] };
    quietDebugLogging(notALogger);
    quietDebugLogging(undefined);
    expect(notALogger.debug).toBe(1);
  });
});
