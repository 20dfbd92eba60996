import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.ts';
import { checkConfigLabels, gateConfig, loadGateConfig } from '../../src/gate/config.ts';
import { ROOT } from '../helpers/cli.ts';
import { tmpDir } from '../helpers/tmp.ts';

function loadError(text: string): UserError {
  const file = path.join(tmpDir(), 'gate.yaml');
  writeFileSync(file, text);
  try {
    loadGateConfig(file);
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('expected a UserError');
}

describe('gate config', () => {
  it('has documented defaults', () => {
    expect(gateConfig()).toEqual({
      minAccuracy: 0,
      maxInvalidRate: 0.05,
      maxErrorRate: 0,
      defaults: {},
      labels: {},
      regression: { maxAccuracyDrop: 0.02, maxRecallDrop: 0.05, alpha: 0.05, accuracyShare: 0.5, power: 0.8, bootstrap: { resamples: 2000, seed: 1 } },
      inconclusive: 'pass',
      maxRemovedCases: 0,
      allowRemovedVariants: false,
    });
  });

  it("the repository's labelgate.gate.yaml is valid and states the defaults it documents", () => {
    const { config } = loadGateConfig(path.join(ROOT, 'labelgate.gate.yaml'));
    expect(config.regression).toEqual(gateConfig().regression);
    expect(config.inconclusive).toBe('pass');
  });

  it('an empty file means the defaults', () => {
    const file = path.join(tmpDir(), 'gate.yaml');
    writeFileSync(file, '# nothing\n');
    expect(loadGateConfig(file).config).toEqual(gateConfig());
  });

  it('an unknown rule is an error at its own line, listing the known ones', () => {
    const e = loadError('minAccuracy: 0.8\nmaxAccuracyDrop: 0.02\n');
    expect(e.line).toBe(2);
    expect(e.format()).toMatch(/gate\.yaml:2: maxAccuracyDrop: unknown rule "maxAccuracyDrop" \(known here: .*minAccuracy/);
    const nested = loadError('regression:\n  alpha: 0.05\n  maxDrop: 0.1\n');
    expect(nested.line).toBe(3);
    expect(nested.message).toMatch(/^regression\.maxDrop: unknown rule .*maxAccuracyDrop/);
    const label = loadError('labels:\n  other:\n    minRecall: 0.5\n    minPrecision: 0.5\n');
    expect(label.line).toBe(4);
    expect(label.message).toMatch(/labels\.other\.minPrecision/);
  });

  it('a bad value names the field and its line', () => {
    const e = loadError('minAccuracy: 0.8\nregression:\n  alpha: 5\n');
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/^regression\.alpha: /);
    expect(loadError('inconclusive: maybe\n').message).toMatch(/^inconclusive: /);
    expect(loadError('minAccuracy: [\n').message).toMatch(/invalid YAML/);
  });

  it('a named config file that does not exist is an error; a missing default file means the defaults', () => {
    expect(() => loadGateConfig(path.join(tmpDir(), 'nope.yaml'))).toThrow(/cannot read file \(ENOENT\)/);
    const cwd = process.cwd();
    try {
      process.chdir(tmpDir());
      expect(loadGateConfig().config).toEqual(gateConfig());
    } finally {
      process.chdir(cwd);
    }
  });

  it('per-label rules for a label no variant has are refused at their line', () => {
    const file = path.join(tmpDir(), 'gate.yaml');
    writeFileSync(file, 'labels:\n  other: {minRecall: 0.5}\n  artifcat: {minRecall: 0.5}\n');
    const loaded = loadGateConfig(file);
    expect(() => checkConfigLabels(loaded, new Set(['artifact', 'other']))).toThrow(UserError);
    try {
      checkConfigLabels(loaded, new Set(['artifact', 'other']));
    } catch (e) {
      expect((e as UserError).line).toBe(3);
      expect((e as UserError).message).toMatch(/labels\.artifcat: no judged variant has the label "artifcat"/);
    }
  });
});
