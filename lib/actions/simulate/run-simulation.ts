"use server";
import { defineAction } from "@/lib/actions/define-action";
import { ZInlinePolicy, ZRunSimulationInput } from "@/lib/schemas/simulate";
import { describeIssues, parseJsonText } from "@/lib/schemas/common";
import { simulate } from "@/lib/simulate/service";
import { claimsForJob } from "@/lib/simulate/simulate";
import { badInput } from "@/lib/errors";

export const runSimulationAction = defineAction({
  permission: "simulate.run",
  input: ZRunSimulationInput,
  handler: async (input) => {
    let policy: unknown;
    if (input.policyText !== undefined && input.policyText.trim() !== "") {
      const json = parseJsonText(input.policyText);
      if (!json.ok) throw badInput(`The pasted policy is not valid JSON: ${json.message}`);
      // The same limits as POST /api/v1/simulate's inline policy.
      const checked = ZInlinePolicy.safeParse(json.value);
      if (!checked.success) {
        const issues = describeIssues(checked.error.issues, "policy");
        throw badInput(`The pasted policy is refused: ${issues.join("; ")}`, { fieldErrors: { policyText: issues } });
      }
      policy = json.value;
    }
    return simulate({
      ...(input.job ? { claims: claimsForJob(input.job) } : { token: input.token }),
      ...(policy !== undefined ? { policy } : {}),
      ...(policy === undefined && input.roleArn ? { roleArn: input.roleArn } : {}),
    });
  },
});
