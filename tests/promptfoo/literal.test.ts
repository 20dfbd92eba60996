import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { nunjucksLiteral, promptfooMessages } from '../../src/promptfoo/literal.ts';
import { buildMessages } from '../../src/variant/messages.ts';
import { tinyVariant } from '../helpers/variant.ts';

interface Nunjucks {
  configure(options: { autoescape: boolean }): { addGlobal(name: string, value: unknown): void; renderString(template: string, context: object): string };
}
// The template engine promptfoo renders prompts with (its own dependency), configured as promptfoo configures it.
const nunjucks = createRequire(import.meta.url)('nunjucks') as Nunjucks;
const engine = nunjucks.configure({ autoescape: false });
engine.addGlobal('env', { OPENAI_API_KEY: 'SENTINEL' });
const render = (template: string) => engine.renderString(template, { label: 'other' });

const PAYLOADS = [
  '{{ env.OPENAI_API_KEY }} and {{ 7*7 }}',
  "{% for i in range(3) %}{{ i }}{% endfor %} {% include '/etc/passwd' %} {# comment #} #}",
  '{% raw %}{{ x }}{% endraw %} {%- if true -%}y{%- endif -%} {{- label -}}',
  '{{{{ }}}} {%% %%} {## ##} {{ unclosed',
  "{{ 'quoted' }} {{ \"double\" }} \\{{ x }}",
  '{%endraw%}{{ env.OPENAI_API_KEY }} {%  endraw  %} {% endraw -%} {% raw %}{% raw %}{{ 7*7 }} {{% endraw %}',
  "{%- endraw %}{{ 7*7 }} {%-endraw-%} {{'{%'}} endraw %}{{ \"{%\" }} {{ '{% endraw %}' }} {",
];

describe('case text through promptfoo’s templating', () => {
  it('renders back to exactly itself, whatever braces, percent signs and hashes it holds', () => {
    const alphabet = ['{', '}', '%', '#', '-', "'", 'a'];
    const strings = [''];
    for (let len = 1; len <= 4; len++) for (const s of strings.filter((x) => x.length === len - 1)) for (const c of alphabet) strings.push(s + c);
    expect(strings.length).toBe(2801);
    expect([...strings, ...PAYLOADS].filter((s) => render(nunjucksLiteral(s)) !== s)).toEqual([]);
  });

  it('also when promptfoo falls back to rendering the whole JSON text of the messages', () => {
    for (const s of PAYLOADS) {
      const json = JSON.stringify([{ role: 'user', content: nunjucksLiteral(s) }]);
      expect(render(json)).toBe(JSON.stringify([{ role: 'user', content: s }]));
    }
  });

  it('the unescaped text would have leaked and evaluated (the check can fail)', () => {
    expect(render(PAYLOADS[0]!)).toBe('SENTINEL and 49');
  });

  it('the prompt function’s messages render to the messages the classifier sends', () => {
    const v = tinyVariant();
    for (const query of PAYLOADS) {
      const c = { id: 'x', query, document: PAYLOADS[1]! };
      const rendered = promptfooMessages(v, c).map((m) => ({ role: m.role, content: render(m.content) }));
      expect(rendered).toEqual(buildMessages(v, c));
    }
  });
});
