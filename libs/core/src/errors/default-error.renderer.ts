import { ErrorRenderer, Problem, RenderedError } from './problem';

/**
 * The format of routes that no seed documents (auth, integrations, rewards,
 * notifications, health): `{"error": "..."}`, plus `errors` per field on 400,
 * the same style as the console surface (seed 004) whose 401 SPEC section 4 reuses.
 */
export const defaultErrorRenderer: ErrorRenderer = {
  render(problem: Problem): RenderedError {
    const body: Record<string, unknown> = { error: problem.message };
    if (problem.domainCode) body.code = problem.domainCode;
    if (problem.fields) body.errors = problem.fields;
    return { status: problem.status, body };
  },
};
