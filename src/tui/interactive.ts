/**
 * Ink paints only the final frame when the environment says CI (`CI`, `CONTINUOUS_INTEGRATION`), read once
 * when Ink is first imported. A command that has already found a person at a terminal (stdin and stdout are
 * TTYs) is interactive whatever those variables say, so it drops them before Ink loads. Call it only on the
 * interactive path, before the dynamic import of the Ink app.
 */
export function claimTerminalFromCi(env: NodeJS.ProcessEnv = process.env): void {
  delete env.CI;
  delete env.CONTINUOUS_INTEGRATION;
}
