import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.ts';
import { loadVariant, loadVariants } from '../../src/variant/load.ts';
import { tmpDir } from '../helpers/tmp.ts';
import { VARIANT_YAML } from '../helpers/variant.ts';

function errorOf(text: string): UserError {
  try {
    loadVariant('prompts/t/x.yaml', text);
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('expected a UserError');
}

describe('variant files', () => {
  it('loads a valid variant with its task, fallback and a content hash', () => {
    const v = loadVariant('prompts/docs/tiny.yaml', VARIANT_YAML);
    expect(v).toMatchObject({ name: 'tiny', version: '1.0.0', task: 'docs', fallback: 'other' });
    expect(v.labels.map((l) => l.name)).toEqual(['artifact', 'visualisation', 'other']);
    expect(v.hash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('hashes content, not formatting or comments', () => {
    const a = loadVariant('a.yaml', VARIANT_YAML);
    const b = loadVariant('a.yaml', `# a comment\n${VARIANT_YAML.replace('name: tiny', 'name:   tiny')}`);
    const c = loadVariant('a.yaml', VARIANT_YAML.replace('Everything else.', 'Anything else.'));
    expect(b.hash).toBe(a.hash);
    expect(c.hash).not.toBe(a.hash);
  });

  it('names file, line and field for a schema error', () => {
    const e = errorOf(VARIANT_YAML.replace('    description: Charts, panels and dashboards of logged metrics.\n', ''));
    expect(e.format()).toBe('prompts/t/x.yaml:11: labels.1.description: is required');
  });

  it('points at the version line when the version is malformed', () => {
    expect(errorOf(VARIANT_YAML.replace('version: 1.0.0', 'version: one')).format()).toBe(
      'prompts/t/x.yaml:2: version: a version is like 1, 1.2 or 1.2.3',
    );
  });

  it('rejects unknown keys, duplicate labels, reserved labels, unknown fallback and placeholders', () => {
    expect(errorOf(`${VARIANT_YAML}temperature: 0\n`).format()).toMatch(/x\.yaml:1: .*temperature/);
    expect(errorOf(VARIANT_YAML.replace('name: visualisation', 'name: artifact')).format()).toMatch(/:11: labels\.1\.name: duplicate label "artifact"/);
    expect(errorOf(VARIANT_YAML.replace('name: visualisation', 'name: invalid')).message).toMatch(/reserved/);
    expect(errorOf(VARIANT_YAML.replace('fallback: other', 'fallback: misc')).format()).toMatch(/:15: fallback: "misc" is not one of the labels/);
    expect(errorOf(VARIANT_YAML.replace('{{document}}', '{{doc}}')).message).toMatch(/unknown placeholder \{\{doc\}\}/);
    expect(errorOf(VARIANT_YAML.replace('Question: {{query}}', 'Question:')).message).toMatch(/must contain \{\{query\}\}/);
  });

  it('reports YAML syntax errors with their line', () => {
    expect(errorOf('name: x\nversion: [1\nchangelog: y\n').format()).toMatch(/^prompts\/t\/x\.yaml:\d+: invalid YAML/);
  });

  it('loads a folder in sorted order and refuses two variants with one name', () => {
    const dir = tmpDir({ 'p/t/b.yaml': VARIANT_YAML.replace('name: tiny', 'name: b'), 'p/t/a.yaml': VARIANT_YAML.replace('name: tiny', 'name: a') });
    expect(loadVariants([`${dir}/p`]).map((v) => v.name)).toEqual(['a', 'b']);
    const dup = tmpDir({ 'p/t/a.yaml': VARIANT_YAML, 'p/t/b.yaml': VARIANT_YAML });
    expect(() => loadVariants([`${dup}/p`])).toThrow(/variant name "tiny" is also used by/);
    expect(() => loadVariants([`${dir}/nope`])).toThrow(UserError);
  });
});
