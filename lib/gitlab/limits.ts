/**
 * GitLab's API rate limits trustmap plans around (per user, i.e. per API token), and the share
 * the GitLab facts refresh takes. Plain data.
 */

/** gitlab.com: authenticated API requests a minute (DESIGN.md; 429 with Retry-After beyond). */
export const GITLAB_COM_REQUESTS_PER_MINUTE = 2000;

/**
 * `GET /projects/:id/members/all`: its own limit since GitLab 18.6, 60 requests a minute
 * (gitlab-org/gitlab!211239), later raised to 200 (!213372). trustmap stays under the lower one.
 */
export const MEMBERS_ALL_REQUESTS_PER_MINUTE = 60;

/** The facts refresh's client-side budget: under a third of the token's, leaving the rest to reconcile runs. */
export const FACTS_REQUESTS_PER_MINUTE = 600;
