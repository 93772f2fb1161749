import { z } from "zod";
import { ZRoleArn } from "./reconcile";

/** The sandbox's out-of-band edit: which registered sandbox role to change behind trustmap's back. */
export const ZEditSandboxTrustPolicyInput = z.object({ roleArn: ZRoleArn }).strict();
export type TEditSandboxTrustPolicyInput = z.infer<typeof ZEditSandboxTrustPolicyInput>;
