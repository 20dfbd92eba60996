import { execFileSync } from 'node:child_process';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A real terminal for end-to-end tests: tmux on a socket of its own, a command run in a pane, keys
 * sent one by one, the pane read back as a person sees it.
 */
export class Tmux {
  readonly socket: string;

  constructor(name: string) {
    this.socket = `labelgate-${name}-${process.pid}`;
  }

  run(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  start(session: string, command: string, size: { columns: number; rows: number } = { columns: 80, rows: 24 }): void {
    this.run('new-session', '-d', '-s', session, '-x', String(size.columns), '-y', String(size.rows), command);
  }

  /** The pane's text; `joined`: lines the terminal wrapped are given whole. */
  screen(session: string, joined = false): string {
    return this.run('capture-pane', '-p', ...(joined ? ['-J'] : []), '-t', session);
  }

  async waitFor(session: string, what: (text: string) => boolean, timeoutMs = 20_000): Promise<string> {
    const end = Date.now() + timeoutMs;
    let text = '';
    while (Date.now() < end) {
      text = this.screen(session);
      if (what(text)) return text;
      await pause(50);
    }
    throw new Error(`the screen never showed what was expected; last screen:\n${text}`);
  }

  /** Keys typed before the app puts the terminal in raw mode are echoed and lost, as for a person: wait for it. */
  async waitForRawMode(session: string): Promise<void> {
    const tty = this.run('display-message', '-p', '-t', session, '#{pane_tty}').trim();
    const end = Date.now() + 20_000;
    while (Date.now() < end) {
      if (/(^|\s)-icanon(\s|$)/.test(execFileSync('stty', ['-a', '-F', tty], { encoding: 'utf8' }))) return;
      await pause(50);
    }
    throw new Error('the terminal never went into raw mode');
  }

  async keys(session: string, ...keys: string[]): Promise<void> {
    for (const k of keys) {
      this.run('send-keys', '-t', session, k);
      await pause(60);
    }
  }

  /** The pane's window title, which an escape sequence in the data must not have set. */
  title(session: string): string {
    return this.run('display-message', '-p', '-t', session, '#{pane_title}').trim();
  }

  /** The process ids of the pane shell's children (the command it runs). */
  children(session: string): number[] {
    const shell = this.run('display-message', '-p', '-t', session, '#{pane_pid}').trim();
    return execFileSync('ps', ['-o', 'pid=', '--ppid', shell], { encoding: 'utf8' })
      .split('\n')
      .map((s) => Number(s.trim()))
      .filter((n) => n > 0);
  }

  kill(): void {
    try {
      this.run('kill-server');
    } catch {
      // already gone
    }
  }
}
