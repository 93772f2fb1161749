/**
 * The statements trustmap owns carry a fixed Sid prefix. IAM Sids may contain only ASCII letters
 * and digits, so the prefix and its suffix are alphanumeric.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html
 */

/** Sid prefix of every statement trustmap manages; anything else is foreign and kept verbatim. */
export const TRUSTMAP_SID_PREFIX = "TrustmapManaged";

/** The statement is trustmap's (its Sid carries the prefix). */
export function isOwnedSid(sid: string | null | undefined): boolean {
  return typeof sid === "string" && sid.startsWith(TRUSTMAP_SID_PREFIX);
}

/** FNV-1a 32-bit, as 8 upper-case hex digits: a stable, alphanumeric suffix. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).toUpperCase().padStart(8, "0");
}

/** The Sid of the managed statement for one (provider, audience) pair; stable across runs. */
export function managedSid(providerArn: string, audience: string): string {
  return TRUSTMAP_SID_PREFIX + fnv1a(providerArn + "\n" + audience);
}

/** IAM accepts only ASCII letters and digits in a Sid. */
export function isAlphanumericSid(sid: string): boolean {
  return /^[A-Za-z0-9]*$/.test(sid);
}
