/** Sign-in modes, decided from the configuration (DESIGN.md "Configuration"). */
import { config } from "@/lib/config";

/** Demo sign-in (pick a seeded persona) is on only with TRUSTMAP_DEMO=1; npm start sets it when GitLab OAuth is not configured. */
export function isDemoMode(): boolean {
  return config().demo;
}

export function isGitLabSignInConfigured(): boolean {
  return config().gitlab.oauth !== undefined;
}

/** GitLab's base URL with a trailing slash (Auth.js' provider appends paths to it). */
export function gitlabBaseUrl(): string {
  return `${config().gitlab.url}/`;
}
