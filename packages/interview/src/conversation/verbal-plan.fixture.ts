import { planFromBank } from '../planning/bank-planner.js';

/** The bank's 10-minute verbal backend interview (intro, technical, behavioral, wrap-up; one question each). */
export const backendVerbalPlan = planFromBank({
  role: 'backend',
  experienceLevel: 'mid',
  format: 'verbal',
  durationMinutes: 10,
  seed: 7,
});
