import { z } from "zod";
import { readJsonBody, withPermission } from "@/lib/auth/with-permission";
import { ZPreviewRequestInput } from "@/lib/schemas/requests";
import { previewDraft } from "@/lib/requests/service";
import { ZGitLabCheck } from "@/lib/schemas/gitlab-facts";
import { ZManagedStatementDiff } from "@/lib/schemas/reconcile";

const finding = z.object({ code: z.string(), severity: z.string(), message: z.string(), fix: z.string() }).loose();

const ZPreviewOutput = z.object({
  fieldErrors: z.record(z.string(), z.array(z.string())),
  subPatterns: z.array(z.string()),
  subjectFindings: z.array(finding),
  /** GitLab's side of the grant (issue #12's contract): protection and who can obtain a token, per project. */
  gitlab: ZGitLabCheck,
  policy: z
    .union([
      z.object({ ok: z.literal(true), json: z.string(), pretty: z.string(), size: z.number(), quota: z.number(), basedOn: z.enum(["actual", "desired-only"]), addedLines: z.array(z.number().int()) }),
      z.object({ ok: z.literal(false), code: z.string(), message: z.string(), size: z.number().optional(), quota: z.number().optional() }),
    ])
    .nullable(),
  /** The managed statements before → after this request, as the reconcile plan shows a change. */
  diff: z.array(ZManagedStatementDiff),
  lint: z.array(finding),
  risk: z.object({ tier: z.enum(["normal", "high"]), requiredApprovals: z.number(), reasons: z.array(z.string()) }).nullable(),
  snippet: z.string().nullable(),
});
export type TPreviewOutput = z.infer<typeof ZPreviewOutput>;

/** POST /api/v1/requests/preview: what a draft request compiles to (sub, policy and its diff, size, lint, GitLab's side, risk, CI snippet). */
export const POST = withPermission(
  { action: "requests.create", output: ZPreviewOutput, input: ({ req }) => readJsonBody(req, ZPreviewRequestInput) },
  async ({ input }) => {
    const preview = await previewDraft(input);
    return { ...preview, subjectFindings: preview.subjectFindings.map((f) => ({ ...f })), lint: preview.lint.map((f) => ({ ...f })) };
  },
);
