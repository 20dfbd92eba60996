/** The longest failure reason kept in a report row. */
const MAX_REASON = 200;

/** One line, at most `MAX_REASON` characters: a reason fits in a table cell and a log line. */
export function oneLine(s: string): string {
  const line = s.replace(/\s+/g, ' ').trim();
  return line.length > MAX_REASON ? `${line.slice(0, MAX_REASON - 1)}…` : line;
}

/**
 * Removes the given secrets (and anything that looks like a bearer token or an OpenAI-style key)
 * from text. Secrets shorter than 4 characters are ignored: hiding every "a" would garble the text
 * and protect nothing.
 */
export function redactor(secrets: readonly (string | undefined)[]): (text: string) => string {
  const known = [...new Set(secrets.filter((s): s is string => s !== undefined && s.length >= 4))].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const secret of known) out = out.split(secret).join('***');
    return out.replace(/(Bearer\s+)[^\s"',;]+/gi, '$1***').replace(/\bsk-[A-Za-z0-9_*.-]{6,}/g, 'sk-***');
  };
}

/** A thrown value as one redacted line: redacted before shortening, so a key cut in half cannot slip through. */
export function describeThrown(e: unknown, redact: (text: string) => string): string {
  const message = e instanceof Error ? e.message || e.name : typeof e === 'string' ? e : safeJson(e);
  return oneLine(redact(message));
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

const SECRET_NAME = /(api[_-]?key|token|secret|password|authorization|credential)/i;

/** Values of environment variables whose names say they hold a secret (`ANTHROPIC_API_KEY`, `AWS_SECRET_ACCESS_KEY`…). */
export function secretsInEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return Object.entries(env)
    .filter(([name, value]) => SECRET_NAME.test(name) && value !== undefined && value.length >= 8)
    .map(([, value]) => value!);
}

/** String values under secret-looking keys anywhere in a config object (a provider's `apiKey`, `headers.Authorization`…). */
export function secretsInConfig(config: unknown): string[] {
  const found: string[] = [];
  const walk = (v: unknown, key: string): void => {
    if (typeof v === 'string') {
      if (SECRET_NAME.test(key)) found.push(v);
    } else if (Array.isArray(v)) {
      for (const x of v) walk(x, key);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) walk(x, k);
    }
  };
  walk(config, '');
  return found;
}

/** A config without its secret-looking values, for hashing and for showing: a rotated key must not look like a changed classifier. */
export function withoutSecrets(config: unknown): unknown {
  if (Array.isArray(config)) return config.map(withoutSecrets);
  if (config === null || typeof config !== 'object') return config;
  return Object.fromEntries(Object.entries(config).filter(([k, v]) => !(SECRET_NAME.test(k) && typeof v === 'string')).map(([k, v]) => [k, withoutSecrets(v)]));
}
