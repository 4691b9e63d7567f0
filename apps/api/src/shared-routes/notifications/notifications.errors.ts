import { defaultErrorRenderer, domainRefusal, ErrorRenderer, REFUSAL_STATUS } from '@mm/core';

/** `/api/notifications`: the default `{"error": ...}` format, with 404 for another user's notification (NotificationNotFound). */
export const notificationsErrorRenderer: ErrorRenderer = {
  render(problem) {
    if (problem.kind !== 'domain' || !problem.domainCode) return defaultErrorRenderer.render(problem);
    return defaultErrorRenderer.render({ ...problem, status: REFUSAL_STATUS[domainRefusal(problem.domainCode)] });
  },
};
