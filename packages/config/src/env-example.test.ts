import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseSettings } from './load-settings.js';
import { settingsShape } from './settings-schema.js';

const examplePath = new URL('../../../.env.example', import.meta.url);
const example = readFileSync(examplePath, 'utf8');

describe('.env.example', () => {
  it('lists exactly the settings the loader reads', () => {
    const listed = Object.keys(parseEnv(example)).sort();
    expect(listed).toEqual(Object.keys(settingsShape).sort());
  });

  it('puts a comment right above every variable', () => {
    const lines = example.split('\n');
    lines.forEach((line, index) => {
      if (!/^[A-Z_]+=/.test(line)) return;
      expect(lines[index - 1], `comment above ${line}`).toMatch(/^# /);
    });
  });

  it('copied as is, starts the service with every default', () => {
    const settings = parseSettings(parseEnv(example));
    expect(settings.PORT).toBe(8000);
    expect(settings.LLM_PROVIDER).toEqual([]);
  });
});
