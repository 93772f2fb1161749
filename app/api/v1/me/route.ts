import { z } from "zod";
import { withPermission } from "@/lib/auth/with-permission";

const ZMe = z.object({ id: z.string(), username: z.string(), name: z.string(), role: z.string() });

/** Who the caller is (session or API token) — lets automation check its token and role. */
export const GET = withPermission({ action: "dashboard.view", output: ZMe }, async ({ user }) => ({
  id: user.id,
  username: user.username,
  name: user.name,
  role: user.role,
}));
