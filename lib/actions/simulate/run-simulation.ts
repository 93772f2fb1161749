"use server";
import { defineAction } from "@/lib/actions/define-action";
import { ZRunSimulationInput } from "@/lib/schemas/simulate";
import { simulate } from "@/lib/simulate/service";
import { claimsForJob } from "@/lib/simulate/simulate";
import { badInput } from "@/lib/errors";

export const runSimulationAction = defineAction({
  permission: "simulate.run",
  input: ZRunSimulationInput,
  handler: async (input) => {
    let policy: unknown;
    if (input.policyText !== undefined && input.policyText.trim() !== "") {
      try {
        policy = JSON.parse(input.policyText);
      } catch (e) {
        throw badInput(`The pasted policy is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return simulate({
      ...(input.job ? { claims: claimsForJob(input.job) } : { token: input.token }),
      ...(policy !== undefined ? { policy } : {}),
      ...(policy === undefined && input.roleArn ? { roleArn: input.roleArn } : {}),
    });
  },
});
