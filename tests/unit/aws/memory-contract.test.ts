import { createMemoryIam } from "@/lib/sandbox/aws/memory-iam";
import { describeIamPortContract } from "./iam-port-contract";

describeIamPortContract("in-memory port", () => {
  const port = createMemoryIam({ accountId: "123456789012" });
  return {
    port,
    accountId: "123456789012",
    createRole: async (role) => {
      port.addRole(role);
    },
    createAccessKey: async (userName) => port.addAccessKey(userName),
  };
});
