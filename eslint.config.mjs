import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const VENDOR_AND_FRAMEWORK = ["next", "next/*", "react", "react/*", "react-dom", "@prisma/*", "@aws-sdk/*", "@gitbeaker/*", "pg", "node:*", "server-only"];
const AGPL_ORACLE = { group: ["@cloud-copilot/*"], message: "The IAM oracle is AGPL: a devDependency for differential tests only, never app code." };

export default [
  ...nextVitals,
  ...nextTs,
  { ignores: [".next/**", "node_modules/**", "lib/generated/**", ".data/**", "tmp/**", "next-env.d.ts"] },
  {
    files: ["app/**", "lib/**", "components/**", "scripts/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [AGPL_ORACLE] }] },
  },
  {
    // Other pure cores (approval rules, request previews, mapping rows and CI jobs, access views,
    // simulation, trade-off scoring): no framework, SDK, database or service, so they are tested
    // as plain functions. They may use the policy engine, other cores and zod schemas. Each
    // domain's service.ts (and store.ts) is its one server-only module that may touch the rest;
    // its jobs.ts (the job runner's definitions, which call the service) is server-only too.
    files: ["lib/approvals/**/*.ts", "lib/requests/**/*.ts", "lib/mappings/**/*.ts", "lib/access/**/*.ts", "lib/simulate/**/*.ts", "lib/tradeoffs/**/*.ts"],
    ignores: ["lib/**/service.ts", "lib/**/store.ts", "lib/**/jobs.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            AGPL_ORACLE,
            { group: VENDOR_AND_FRAMEWORK, message: "This module is pure: no framework, SDK, database or Node imports." },
            { group: ["@/lib/db/*", "@/lib/generated/*", "@/lib/*/service", "@/lib/*/store"], message: "A core imports no database module or service; its domain's service.ts loads the data." },
          ],
        },
      ],
    },
  },
  {
    // The policy engine is pure: plain data in, plain data out. It must agree with AWS on every
    // input and be testable without any framework or SDK. (Later blocks win, so this one
    // repeats the AGPL rule.)
    files: ["lib/policy/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            AGPL_ORACLE,
            { group: VENDOR_AND_FRAMEWORK, message: "lib/policy is pure TypeScript: no framework, SDK, database or Node imports." },
            { group: ["@/*", "../*"], message: "lib/policy imports only its own files." },
          ],
        },
      ],
    },
  },
];
