/** Sign-in modes, decided from the environment (see DESIGN.md "Configuration"). */

/** Demo sign-in (pick a seeded persona) is on only with TRUSTMAP_DEMO=1; npm start sets it when GitLab OAuth is not configured. */
export function isDemoMode(): boolean {
  return process.env.TRUSTMAP_DEMO === "1";
}

export function isGitLabSignInConfigured(): boolean {
  return Boolean(process.env.AUTH_GITLAB_ID && process.env.AUTH_GITLAB_SECRET);
}

/** GitLab's base URL with a trailing slash (Auth.js' provider appends paths to it). */
export function gitlabBaseUrl(): string {
  const raw = process.env.GITLAB_URL || "https://gitlab.com";
  return raw.endsWith("/") ? raw : `${raw}/`;
}
