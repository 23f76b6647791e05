import { vendorFixture } from '@bot-backend/testkit';
import { describe, expect, it } from 'vitest';
import { describeSimliErrorBody, simliHttpError } from './simli-errors.js';

/** Our error reading against the bodies Simli documents (testkit's __fixtures__). */
describe('Simli error bodies as documented', () => {
  it('names the field and the reason of a FastAPI validation error', () => {
    const body = {
      detail: [{ loc: ['body', 'faceId'], msg: 'Field required', type: 'missing' }],
    };
    expect(describeSimliErrorBody(JSON.stringify(body))).toBe('faceId: Field required');
    const documented = vendorFixture('simli', 'validation-error.json');
    expect(describeSimliErrorBody(JSON.stringify(documented))).toBe('<string>: <string>');
  });

  it('reads the detail of the 400 FAIL TOKEN answer as a bad request', () => {
    const documented = vendorFixture<Record<string, unknown>>('simli', 'compose-token-fail.json');
    const error = simliHttpError(
      400,
      new Headers(),
      JSON.stringify({ ...documented, detail: 'Face face-9 not found' }),
      '/compose/token',
    );
    expect(error).toMatchObject({ kind: 'bad_request', status: 400 });
    expect(error.message).toContain('Face face-9 not found');
  });
});
