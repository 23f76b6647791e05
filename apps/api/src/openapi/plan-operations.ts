import {
  levelsResponseSchema,
  planNextRequestSchema,
  planNextResponseSchema,
  planRequestBodySchema,
  planResponseSchema,
  rolesResponseSchema,
} from '../routes/plan-schemas.js';
import type { OpenApiOperation } from './openapi-document.js';

/** The planning operations (routes/plan.ts). */
export const planOperations: readonly OpenApiOperation[] = [
  {
    method: 'get',
    path: '/v1/roles',
    operationId: 'listRoles',
    summary: 'Roles an interview can be planned for, with the coding languages that fit each',
    response: { name: 'RolesResponse', schema: rolesResponseSchema },
    errors: [],
    secured: true,
  },
  {
    method: 'get',
    path: '/v1/experience-levels',
    operationId: 'listExperienceLevels',
    summary: 'Experience levels and what each means for difficulty and time',
    response: { name: 'ExperienceLevelsResponse', schema: levelsResponseSchema },
    errors: [],
    secured: true,
  },
  {
    method: 'post',
    path: '/v1/plan',
    operationId: 'planInterview',
    summary:
      'Plan an interview (LLM when configured and its plan keeps the invariants, question bank otherwise)',
    request: { name: 'PlanRequest', schema: planRequestBodySchema },
    response: { name: 'Plan', schema: planResponseSchema },
    errors: [400, 413, 415, 422],
    secured: true,
  },
  {
    method: 'post',
    path: '/v1/plan/next',
    operationId: 'nextInterviewStep',
    summary: 'The next step of a running interview: follow-up, easier or harder question, next phase, or end',
    request: { name: 'NextStepRequest', schema: planNextRequestSchema },
    response: { name: 'NextStep', schema: planNextResponseSchema },
    errors: [400, 413, 415, 422],
    secured: true,
  },
];
