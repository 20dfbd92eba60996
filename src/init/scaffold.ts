import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../core/files.ts';
import { relevantPaths } from '../pr/relevant.ts';
import { CONFIG_FILE, DEFAULT_LOCK_FILE } from '../run/config.ts';
import { GATE_CONFIG_FILE } from '../gate/config.ts';
import { loadVariant } from '../variant/load.ts';
import { readLock, updateLock, writeLock } from '../variant/lock.ts';
import { GATE_FILE_TEXT } from './gate-file.ts';
import type { PluginLocation } from './plugin-location.ts';
import { exampleDataset, projectConfigYaml, promptfooConfigYaml, variantYaml, workflowYaml, type InitPlan } from './templates.ts';

export const WORKFLOW_FILE = '.github/workflows/prompt-eval.yml';
export const GITIGNORE_ENTRIES = ['.labelgate/', 'reports/'] as const;

/** The scaffold's paths for a task, relative to the project root (labelgate's defaults). */
export function planFor(task: string, labels: string[], plugin: Pick<PluginLocation, 'dir' | 'ext'>): InitPlan {
  return { task, labels, variantsDir: 'prompts', dataset: `datasets/${task}.jsonl`, lockFile: DEFAULT_LOCK_FILE, pluginDir: plugin.dir, pluginExt: plugin.ext };
}

export const variantFile = (p: InitPlan) => `${p.variantsDir}/${p.task}/v1.yaml`;

/** Every file init writes, in order, with its content (the lock is derived from the variant, below). Pure. */
export function scaffoldFiles(p: InitPlan): { file: string; text: string }[] {
  const relevant = relevantPaths({ variants: [`${p.variantsDir}/${p.task}/`], dataset: p.dataset, lockFile: p.lockFile, gateConfig: GATE_CONFIG_FILE, projectConfig: CONFIG_FILE });
  return [
    { file: variantFile(p), text: variantYaml(p) },
    { file: p.dataset, text: exampleDataset(p) },
    { file: CONFIG_FILE, text: projectConfigYaml(p) },
    { file: GATE_CONFIG_FILE, text: GATE_FILE_TEXT },
    { file: 'promptfooconfig.yaml', text: promptfooConfigYaml(p) },
    { file: WORKFLOW_FILE, text: workflowYaml(relevant, [`${p.variantsDir}/**`, p.dataset]) },
  ];
}

/** `.gitignore` with the missing entries appended (an entry counts however it is anchored or slashed); undefined when nothing is missing. Pure. */
export function gitignoreWith(current: string, entries: readonly string[] = GITIGNORE_ENTRIES): string | undefined {
  const bare = (line: string) => line.trim().replace(/^\//, '').replace(/\/$/, '');
  const present = new Set(current.split(/\r?\n/).map(bare));
  const missing = entries.filter((e) => !present.has(bare(e)));
  if (missing.length === 0) return undefined;
  const sep = current === '' || current.endsWith('\n') ? '' : '\n';
  return `${current}${sep}${missing.join('\n')}\n`;
}

export interface ScaffoldResult {
  created: string[];
  /** Files that existed and were left as they were. */
  leftAlone: string[];
  /** Files that existed and gained entries (.gitignore, the lock). */
  updated: string[];
}

/** Writes the scaffold into `root`, never over an existing file. Running it again changes nothing. */
export function writeScaffold(root: string, p: InitPlan): ScaffoldResult {
  const result: ScaffoldResult = { created: [], leftAlone: [], updated: [] };
  const at = (f: string) => path.join(root, f);
  for (const { file, text } of scaffoldFiles(p)) {
    if (existsSync(at(file))) {
      result.leftAlone.push(file);
      continue;
    }
    mkdirSync(path.dirname(at(file)), { recursive: true });
    writeFileAtomic(at(file), text);
    result.created.push(file);
  }
  // The lock records the variant init wrote, through the same code as `labelgate lock`; a variant
  // that was already there is the team's, to lock themselves.
  if (result.created.includes(variantFile(p))) {
    const lockPath = at(p.lockFile);
    const existed = existsSync(lockPath);
    const { lock, added } = updateLock([loadVariant(at(variantFile(p)))], readLock(lockPath));
    if (added.length > 0) {
      writeLock(lock, lockPath);
      (existed ? result.updated : result.created).push(p.lockFile);
    }
  } else if (existsSync(at(p.lockFile))) result.leftAlone.push(p.lockFile);
  const ignore = at('.gitignore');
  const current = existsSync(ignore) ? readFileSync(ignore, 'utf8') : undefined;
  const next = gitignoreWith(current ?? '');
  if (next !== undefined) {
    writeFileAtomic(ignore, next);
    (current === undefined ? result.created : result.updated).push('.gitignore');
  }
  return result;
}
