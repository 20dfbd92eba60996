import { parse } from 'yaml';

/**
 * The safety properties of a GitHub workflow, checked on its parsed YAML. Each returns the problems
 * it finds, so a test can show both that the project's workflows are clean and that an unsafe one
 * would be caught.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Workflow = { [key: string]: Json };

export function parseWorkflow(text: string): Workflow {
  // YAML 1.2 (the `yaml` package's default): `on` is a key, not the boolean it is in YAML 1.1.
  const doc = parse(text) as unknown;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new Error('a workflow is a mapping');
  return doc as Workflow;
}

const isMap = (v: Json | undefined): v is { [key: string]: Json } => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Every string in the document with its path (`jobs.eval.steps.3.run`). */
export function strings(node: Json, at: string[] = []): Array<{ path: string[]; value: string }> {
  if (typeof node === 'string') return [{ path: at, value: node }];
  if (Array.isArray(node)) return node.flatMap((v, i) => strings(v, [...at, String(i)]));
  if (isMap(node)) return Object.entries(node).flatMap(([k, v]) => strings(v, [...at, k]));
  return [];
}

export function triggers(wf: Workflow): string[] {
  const on = wf.on;
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.map(String);
  return isMap(on) ? Object.keys(on) : [];
}

export function jobs(wf: Workflow): Array<[string, { [key: string]: Json }]> {
  return isMap(wf.jobs) ? (Object.entries(wf.jobs).filter(([, j]) => isMap(j)) as Array<[string, { [key: string]: Json }]>) : [];
}

export function steps(wf: Workflow): Array<{ job: string; index: number; step: { [key: string]: Json } }> {
  return jobs(wf).flatMap(([job, j]) => (Array.isArray(j.steps) ? j.steps : []).flatMap((step, index) => (isMap(step) ? [{ job, index, step }] : [])));
}

/** Triggers that run with the base repository's secrets and a write token on a pull request's code. */
const PRIVILEGED_TRIGGERS = ['pull_request_target', 'workflow_run', 'issue_comment'];

export function triggerProblems(wf: Workflow): string[] {
  return triggers(wf)
    .filter((t) => PRIVILEGED_TRIGGERS.includes(t))
    .map((t) => `trigger "${t}" runs with write access and secrets on code a pull request controls`);
}

/**
 * Top-level permissions must exist and grant at most `allowed` (scope → read|write); a job may
 * narrow them but not widen them. `write-all`/`read-all` and a missing block are problems.
 */
export function permissionProblems(wf: Workflow, allowed: Record<string, 'read' | 'write'>): string[] {
  const problems: string[] = [];
  const check = (where: string, perms: Json | undefined, required: boolean) => {
    if (perms === undefined) {
      if (required) problems.push(`${where}: no permissions block (the token would get the repository's default, possibly write-all)`);
      return;
    }
    if (!isMap(perms)) {
      problems.push(`${where}: permissions must list scopes (got ${JSON.stringify(perms)})`);
      return;
    }
    for (const [scope, level] of Object.entries(perms)) {
      const max = allowed[scope];
      if (level === 'none') continue;
      if (max === undefined) problems.push(`${where}: permission "${scope}: ${String(level)}" is not needed`);
      else if (level === 'write' && max === 'read') problems.push(`${where}: "${scope}" must be read-only`);
      else if (level !== 'read' && level !== 'write') problems.push(`${where}: "${scope}: ${String(level)}" is not a permission level`);
    }
  };
  check('workflow', wf.permissions, true);
  for (const [name, job] of jobs(wf)) check(`job ${name}`, job.permissions, false);
  return problems;
}

/** The strongest simple rule against script injection: no expression is expanded inside a `run:` script at all. */
export function runExpressionProblems(wf: Workflow): string[] {
  return steps(wf)
    .filter(({ step }) => typeof step.run === 'string' && step.run.includes('${{'))
    .map(({ job, index }) => `job ${job} step ${index}: \`\${{ }}\` inside run: (pass it through env: instead)`);
}

/** Fields of the event a pull request's author cannot choose: numbers and commit ids. */
const SAFE_EVENT_FIELDS = /^github\.event\.pull_request\.(number|base\.sha|head\.sha)$/;
const PR_TEXT = /\b(github\.event\.[\w.]+|github\.head_ref)\b/g;

/**
 * Expressions that read pull-request text (title, body, branch names…) may appear only as `env:`
 * values, where they are data; anywhere else (`with:`, names, `if:`) they could be interpreted.
 */
export function eventTextProblems(wf: Workflow): string[] {
  const problems: string[] = [];
  for (const { path, value } of strings(wf)) {
    for (const expr of value.matchAll(/\$\{\{([^}]*)\}\}/g)) {
      for (const ref of expr[1]!.matchAll(PR_TEXT)) {
        if (SAFE_EVENT_FIELDS.test(ref[1]!)) continue;
        if (path.at(-2) === 'env') continue;
        problems.push(`${path.join('.')}: "${ref[1]}" is text a pull request controls, outside env:`);
      }
    }
  }
  return problems;
}

/** Secrets only as whole `env:` values (`KEY: ${{ secrets.NAME }}`), never inherited wholesale. */
export function secretProblems(wf: Workflow): string[] {
  const problems: string[] = [];
  for (const { path, value } of strings(wf)) {
    if (path.at(-1) === 'secrets' && value === 'inherit') problems.push(`${path.join('.')}: secrets: inherit passes every secret`);
    if (!/\bsecrets\./.test(value)) continue;
    if (path.at(-2) !== 'env' || !/^\$\{\{\s*secrets\.[A-Za-z_][A-Za-z0-9_]*\s*\}\}$/.test(value)) {
      problems.push(`${path.join('.')}: a secret may only be an env: value of its own`);
    }
  }
  return problems;
}

/** Third-party code runs with the job's token: every action is pinned to a full commit. */
export function pinProblems(wf: Workflow): string[] {
  return steps(wf)
    .filter(({ step }) => typeof step.uses === 'string' && !step.uses.startsWith('./') && !/@[0-9a-f]{40}$/.test(step.uses))
    .map(({ job, index, step }) => `job ${job} step ${index}: ${String(step.uses)} is not pinned to a commit`);
}

/** A checkout that leaves the token in .git/config hands it to every later step, including the pull request's code. */
export function checkoutProblems(wf: Workflow): string[] {
  return steps(wf)
    .filter(({ step }) => typeof step.uses === 'string' && step.uses.startsWith('actions/checkout@'))
    .flatMap(({ job, index, step }) => {
      const w = isMap(step.with) ? step.with : {};
      const problems: string[] = [];
      if (w['persist-credentials'] !== false) problems.push(`job ${job} step ${index}: checkout without persist-credentials: false`);
      if (typeof w.ref === 'string' && /head/.test(w.ref)) problems.push(`job ${job} step ${index}: checks out the pull request's head explicitly`);
      return problems;
    });
}

export function safetyProblems(wf: Workflow, allowedPermissions: Record<string, 'read' | 'write'>): string[] {
  return [
    ...triggerProblems(wf),
    ...permissionProblems(wf, allowedPermissions),
    ...runExpressionProblems(wf),
    ...eventTextProblems(wf),
    ...secretProblems(wf),
    ...pinProblems(wf),
    ...checkoutProblems(wf),
  ];
}
