import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { planResponseFormat } from './openai-compatible-structured-output.js';

const schema = z.object({ score: z.number().int(), note: z.string().max(40) });

describe('planResponseFormat', () => {
  it('converts a schema once per name, description and mode, and gives each caller its own warnings', () => {
    const spec = { name: 'grade', schema };
    const first = planResponseFormat(spec, 'strict');
    const again = planResponseFormat({ name: 'grade', schema }, 'strict');
    expect(again.responseFormat).toBe(first.responseFormat);
    expect(again.warnings).not.toBe(first.warnings);
    // The strict plan drops what strict mode refuses (maxLength), as an uncached plan does.
    expect(JSON.stringify(first.responseFormat)).not.toContain('maxLength');
    const loose = planResponseFormat(spec, 'json_schema');
    expect(loose.responseFormat).not.toBe(first.responseFormat);
    expect(JSON.stringify(loose.responseFormat)).toContain('maxLength');
    const described = planResponseFormat({ ...spec, description: 'One grade.' }, 'strict');
    expect(described.responseFormat).not.toBe(first.responseFormat);
    expect(described.responseFormat).toMatchObject({ json_schema: { description: 'One grade.' } });
  });
});
