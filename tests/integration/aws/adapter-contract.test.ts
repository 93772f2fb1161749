import { afterEach } from "vitest";
import type { IamAdapter } from "@/lib/aws/adapter";
import { MOTO_ACCOUNT_ID, setupMoto } from "@/tests/support/moto";
import { describeIamPortContract } from "@/tests/unit/aws/iam-port-contract";
import { createAccessKey, createRoles, motoAdapter, motoSdk } from "./moto-iam";

const moto = setupMoto();
let adapter: IamAdapter | undefined;
afterEach(() => adapter?.destroy());

describeIamPortContract("SDK adapter on moto", () => {
  const sdk = motoSdk(moto());
  adapter = motoAdapter(moto());
  return {
    port: adapter,
    accountId: MOTO_ACCOUNT_ID,
    createRole: (role) => createRoles(sdk, [role]),
    createAccessKey: (userName) => createAccessKey(sdk, userName),
  };
});
