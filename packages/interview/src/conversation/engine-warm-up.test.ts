import { describe, expect, it } from 'vitest';
import { warmUpInterviewEngine } from './engine-warm-up.js';

describe('warmUpInterviewEngine', () => {
  it('runs every warm-up answer through grading and a reply', async () => {
    const result = await warmUpInterviewEngine();
    // Each answer counts only once the session replied to it with its next interviewer line.
    expect(result.answers).toBe(3);
    expect(result.ms).toBeGreaterThan(0);
  });
});
