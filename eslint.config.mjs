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
    // Other pure cores (approval rules, trade-off scoring): no framework, SDK or database, so
    // they are tested as plain functions. They may use the policy engine and zod schemas.
    files: ["lib/approvals/**/*.ts", "lib/tradeoffs/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [AGPL_ORACLE, { group: VENDOR_AND_FRAMEWORK, message: "This module is pure: no framework, SDK, database or Node imports." }] },
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
