/**
 * Where the original comparison places each method on its two spectra (0 = low, 10 = high).
 * These are the abstract, weight-independent positions; the page highlights the method the
 * user's weights recommend on top of them.
 */
import type { MethodId } from "./methods";

export interface Spectrum {
  id: "operations" | "security";
  title: string;
  x: { label: string; low: string; high: string };
  y: { label: string; low: string; high: string };
  points: Record<MethodId, { x: number; y: number; why: string }>;
}

export const SPECTRA: readonly Spectrum[] = [
  {
    id: "operations",
    title: "Runner-management effort vs human-processed complexity",
    x: { label: "Runner-management effort", low: "low", high: "high" },
    y: { label: "Human-processed complexity", low: "low", high: "high" },
    points: {
      "static-keys": { x: 1.5, y: 8.5, why: "no runner work, but people create, paste and rotate keys" },
      "instance-role": { x: 8.5, y: 2.5, why: "no keys to handle, but one runner per role to run and patch" },
      oidc: { x: 2, y: 3.5, why: "shared runners; the per-mapping configuration is what people do (trustmap automates it)" },
    },
  },
  {
    id: "security",
    title: "Engineering complexity vs security level",
    x: { label: "Engineering complexity", low: "low", high: "high" },
    y: { label: "Security level", low: "low", high: "high" },
    points: {
      "static-keys": { x: 1.5, y: 1.5, why: "simplest to set up, long-lived secrets" },
      "instance-role": { x: 5, y: 5, why: "runner infrastructure to build; no secrets, but coarse" },
      oidc: { x: 8, y: 9, why: "identity provider and trust policies to design; short-lived, per-branch credentials" },
    },
  },
];

export const SPECTRUM_MAX = 10;
