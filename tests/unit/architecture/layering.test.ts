/**
 * The layering of issue #10 is an ESLint setting (eslint.config.mjs): each rule is broken here on
 * purpose, through ESLint itself with the project's own configuration, and must be reported; what
 * the layering allows must not be; and the real tree keeps to it.
 */
import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../../..");
/** The rules the layering is written in. */
const LAYERING_RULES = ["no-restricted-imports", "no-restricted-properties", "no-restricted-syntax"];

let eslint: ESLint;
beforeAll(async () => {
  eslint = new ESLint({ cwd: ROOT });
  // The first lint loads the configuration and its plugins (seconds on a busy machine).
  await eslint.lintText("export {};\n", { filePath: path.join(ROOT, "lib/warm-up.ts") });
}, 120_000);

/** The layering messages ESLint reports for `code` as if it were the file at `filePath`. */
async function layeringMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, filePath) });
  return result!.messages.filter((m) => m.ruleId !== null && LAYERING_RULES.includes(m.ruleId)).map((m) => m.message);
}

async function expectReported(filePath: string, code: string, says: string) {
  const messages = await layeringMessages(filePath, code);
  expect(messages, `${filePath}: ${code}`).toHaveLength(1);
  expect(messages[0]).toContain(says);
}

async function expectAllowed(filePath: string, code: string) {
  expect(await layeringMessages(filePath, code), `${filePath}: ${code}`).toEqual([]);
}

describe("lib/db is plumbing and imports no domain", () => {
  it.each([
    'import { providerArnOf } from "@/lib/mappings/model";',
    'import { appendAuditEvent } from "@/lib/audit/service";',
    'import { can } from "@/lib/auth/permissions";',
    'import { readTrustPolicy } from "@/lib/policy";',
    'import { JOBS } from "@/lib/jobs/queue";',
  ])("reports %s", async (code) => {
    await expectReported("lib/db/new-helper.ts", code, "lib/db is plumbing");
  });

  it.each([
    'import { AppError } from "@/lib/errors";',
    'import { config } from "@/lib/config";',
    'import { PrismaClient } from "@/lib/generated/prisma/client";',
    'import { JOBS } from "@/lib/jobs/catalog";',
    'import { dataDir } from "./paths";',
    'import pg from "pg";',
  ])("allows %s", async (code) => {
    await expectAllowed("lib/db/new-helper.ts", code);
  });

  it("keeps the job catalog it reads a leaf", async () => {
    await expectReported("lib/jobs/catalog.ts", 'import { config } from "@/lib/config";', "imports nothing");
  });
});

describe("a domain's pure cores import no database, service, framework or SDK", () => {
  it.each([
    ['import { getDb } from "@/lib/db/client";', "no database"],
    ['import type { Db } from "@/lib/db/prisma";', "no database"],
    ['import { Prisma } from "@/lib/generated/prisma/client";', "no database"],
    ['import { computePlan } from "@/lib/reconcile/service";', "no database, service"],
    ['import { listAwsAccounts } from "@/lib/settings/service";', "no database, service"],
    ['import * as store from "./store";', "no service, store"],
    ['import { importGrants } from "./service";', "no service, store"],
    ['import { createPortsFromConfig } from "./ports";', "no service, store"],
    ['import { enqueue } from "@/lib/jobs/queue";', "no database, service"],
    ['import { requirePage } from "@/lib/auth/guard";', "guard"],
    ['import { revalidatePath } from "next/cache";', "A core is pure"],
    ['import { useState } from "react";', "A core is pure"],
    ['import { PrismaClient } from "@prisma/client";', "no database"],
    ['import { IAMClient } from "@aws-sdk/client-iam";', "A core is pure"],
    ['import { Gitlab } from "@gitbeaker/rest";', "A core is pure"],
    ['import "server-only";', "A core is pure"],
    ['import { readFile } from "node:fs/promises";', "A core is pure"],
    ['import { lookup } from "node:dns/promises";', "A core is pure"],
    ['import { request } from "undici";', "A core is pure"],
    ['import { createIamAdapter } from "@/lib/aws/adapter";', "adapter's types only"],
    ['import { connectGitLab } from "@/lib/gitlab/connection";', "adapter's types only"],
    ['import { createMemoryIam } from "@/lib/sandbox/aws/memory-iam";', "adapter's types only"],
    ['import { currentRequestId } from "@/lib/http/current-request";', "guard"],
  ])("reports %s", async (code, says) => {
    await expectReported("lib/reconcile/new-core.ts", code, says);
  });

  it("holds for every domain folder, and for lib's own top-level modules", async () => {
    for (const file of ["lib/access/x.ts", "lib/approvals/x.ts", "lib/mappings/x.ts", "lib/settings/x.ts", "lib/inventory/x.ts", "lib/audit/x.ts", "lib/new-domain/x.ts", "lib/new-domain/nested/x.ts", "lib/format.ts"]) {
      await expectReported(file, 'import { getDb } from "@/lib/db/client";', "no database");
    }
  });

  it.each([
    'import { readTrustPolicy } from "@/lib/policy";',
    'import { providerArnOf } from "@/lib/mappings/model";',
    'import { z } from "zod";',
    'import { AppError } from "@/lib/errors";',
    'import type { IamPort } from "@/lib/aws/port";',
    'import type { VariableTarget } from "@/lib/gitlab/port";',
    'import { createHash } from "node:crypto";',
    'import { createGunzip } from "node:zlib";',
    'import { plan } from "./plan";',
    'import { providerArn } from "@/lib/aws/oidc-url";',
    'import { protectedRefMatches } from "@/lib/gitlab/protected-ref";',
    'import { FACTS_REQUESTS_PER_MINUTE } from "@/lib/gitlab/limits";',
    'import { newRequestId } from "@/lib/http/request-id";',
  ])("allows %s", async (code) => {
    await expectAllowed("lib/reconcile/new-core.ts", code);
  });

  it("holds the pure modules beside the adapters to the same rule", async () => {
    for (const file of ["lib/aws/oidc-url.ts", "lib/gitlab/limits.ts", "lib/gitlab/protected-ref.ts"]) {
      await expectReported(file, 'import { IAMClient } from "@aws-sdk/client-iam";', "A core is pure");
      await expectReported(file, 'import type { Db } from "@/lib/db/prisma";', "no database");
    }
  });

  it("lets each composition file touch the database and the ports", async () => {
    for (const file of ["lib/reconcile/service.ts", "lib/reconcile/store.ts", "lib/audit/jobs.ts", "lib/reconcile/ports.ts", "lib/audit/checkpoints.ts", "lib/demo/seed.ts", "lib/demo/sandbox-world.ts", "lib/notify/smtp.ts", "lib/notify/webhook-http.ts", "lib/new-domain/service.ts"]) {
      await expectAllowed(file, 'import "server-only";\nimport { getDb } from "@/lib/db/client";\nimport { createIamAdapter } from "@/lib/aws/adapter";');
    }
  });
});

describe("only lib/db and the composition files touch the database", () => {
  it("reports the guards, actions and adapters reaching for the client", async () => {
    for (const file of ["lib/auth/guard.ts", "lib/actions/settings/new-action.ts", "lib/aws/new-adapter.ts", "lib/gitlab/new-adapter.ts"]) {
      await expectReported(file, 'import { getDb } from "@/lib/db/client";', "Only lib/db and a domain's composition files");
    }
  });

  it("lets them name the database's types", async () => {
    await expectAllowed("lib/auth/guard.ts", 'import type { Db } from "@/lib/db/prisma";');
  });
});

describe("components import no data code", () => {
  it.each([
    ['import { getDb } from "@/lib/db/client";', "no data code"],
    ['import { listMappings } from "@/lib/mappings/service";', "no data code"],
    ['import { loadDesiredState } from "@/lib/reconcile/store";', "no data code"],
    ['import { requirePage } from "@/lib/auth/guard";', "no data code"],
    ['import "server-only";', "no data code"],
    ['import { IAMClient } from "@aws-sdk/client-iam";', "no data code"],
    ['import { createIamAdapter } from "@/lib/aws/adapter";', "no adapter"],
    ['import { connectGitLab } from "@/lib/gitlab/connection";', "no adapter"],
    ['import { currentRequestId } from "@/lib/http/current-request";', "no data code"],
  ])("reports %s", async (code, says) => {
    await expectReported("components/settings/new-widget.tsx", code, says);
  });

  it.each([
    'import { registerIamRoleAction } from "@/lib/actions/settings/register-iam-role";',
    'import type { MappingRow } from "@/lib/mappings/rows";',
    'import { utcTime } from "@/lib/format";',
    'import type { VariableTarget } from "@/lib/gitlab/port";',
    'import { Button } from "@/components/ui/button";',
  ])("allows %s", async (code) => {
    await expectAllowed("components/settings/new-widget.tsx", code);
  });
});

describe("app/ imports no database module", () => {
  it.each(['import { getDb } from "@/lib/db/client";', 'import type { Prisma } from "@/lib/generated/prisma/client";'])("reports %s", async (code) => {
    await expectReported("app/(app)/new/page.tsx", code, "app/ imports no database module");
  });

  it("allows a service", async () => {
    await expectAllowed("app/(app)/new/page.tsx", 'import { listMappings } from "@/lib/mappings/service";');
  });

  it("holds for Next's entry files at the root (proxy.ts, instrumentation.ts)", async () => {
    for (const file of ["proxy.ts", "instrumentation.ts"]) {
      await expectReported(file, 'import { getDb } from "@/lib/db/client";', "app/ imports no database module");
      const messages = await layeringMessages(file, 'import { config } from "../lib/config";');
      expect(messages.some((m) => m.includes("never ../")), file).toBe(true);
    }
  });
});

describe("process.env is read in lib/config.ts only", () => {
  it.each(["lib/reconcile/new-core.ts", "lib/reconcile/service.ts", "lib/auth/new-guard.ts", "app/(app)/new/page.tsx", "components/new-widget.tsx"])("reports process.env in %s", async (file) => {
    await expectReported(file, "export const url = process.env.GITLAB_URL;", "lib/config.ts");
  });

  it("reports it destructured, indexed, or imported from node:process", async () => {
    await expectReported("lib/reconcile/service.ts", "const { env } = process;\nexport const url = env.GITLAB_URL;", "lib/config.ts");
    await expectReported("lib/reconcile/service.ts", 'export const url = process["env"].GITLAB_URL;', "lib/config.ts");
    await expectReported("lib/reconcile/service.ts", 'import { env } from "node:process";\nexport const url = env.GITLAB_URL;', "lib/config.ts");
  });

  it("allows it in lib/config.ts", async () => {
    await expectAllowed("lib/config.ts", "export const url = process.env.GITLAB_URL;");
  });

  it("lets Next's root entry files read only NODE_ENV and NEXT_RUNTIME, which Next inlines at build time", async () => {
    for (const file of ["proxy.ts", "instrumentation.ts"]) {
      for (const code of ["export const url = process.env.GITLAB_URL;", 'export const url = process.env["NODE_ENV"];', "export const env = process.env;", "const { env } = process;\nexport const url = env.GITLAB_URL;", 'import { env } from "node:process";\nexport const url = env.NODE_ENV;']) {
        await expectReported(file, code, "lib/config.ts");
      }
      await expectAllowed(file, 'export const dev = process.env.NODE_ENV === "development";\nexport const node = process.env.NEXT_RUNTIME === "nodejs";');
    }
  });
});

describe("one import style", () => {
  it("reports ../ in lib, app and components", async () => {
    for (const file of ["lib/reconcile/service.ts", "app/(app)/new/page.tsx", "components/settings/new-widget.tsx", "lib/db/new-helper.ts", "lib/policy/new.ts"]) {
      const messages = await layeringMessages(file, 'import { AppError } from "../errors";');
      expect(messages.some((m) => m.includes("never ../")), file).toBe(true);
    }
  });
});

describe("the policy engine imports only its own files", () => {
  it("reports a domain import", async () => {
    await expectReported("lib/policy/new.ts", 'import { providerArnOf } from "@/lib/mappings/model";', "only its own files");
  });

  it("reports Node imports, and not its own files named like Node modules", async () => {
    for (const code of ['import { createHash } from "node:crypto";', 'import { readFileSync } from "fs";', 'import path from "path";', 'import { gzipSync } from "zlib";']) {
      await expectReported("lib/policy/new.ts", code, "lib/policy is pure TypeScript");
    }
    await expectAllowed("lib/policy/new.ts", 'import { pathOf } from "./path";');
  });
});

describe("the real tree", () => {
  it(
    "keeps to every layering rule",
    async () => {
      // Only the layering rules run (the lint stage runs the rest), so this stays quick.
      const tree = new ESLint({ cwd: ROOT, ruleFilter: ({ ruleId }) => LAYERING_RULES.includes(ruleId) });
      const results = await tree.lintFiles(["app", "lib", "components", "proxy.ts", "instrumentation.ts"]);
      expect(results.length).toBeGreaterThan(200);
      const problems = results.flatMap((r) => r.messages.map((m) => `${path.relative(ROOT, r.filePath)}:${m.line} ${m.message}`));
      expect(problems).toEqual([]);
    },
    180_000,
  );
});
