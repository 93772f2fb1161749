import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

/*
 * The layering (issue #10), enforced so it stays true; tests/unit/architecture/layering.test.ts
 * breaks each rule on purpose and checks the real tree is clean.
 *
 *   lib/db/        plumbing: imports only its own files, @/lib/errors, @/lib/config,
 *                  @/lib/generated/* (the Prisma client) and @/lib/jobs/catalog (plain data: the
 *                  queues privileges.ts creates; it imports nothing itself).
 *   cores          every lib/<domain>/ module except its server-only composition files (below):
 *                  no database, service, store, job, port factory, framework, SDK, server-only
 *                  or Node I/O; adapters (lib/aws, lib/gitlab, lib/sandbox) for their types only.
 *   composition    lib/*\/service.ts, store.ts, jobs.ts, ports.ts, and the few files listed in
 *                  COMPOSITION_FILES: the only domain modules that touch the database and ports.
 *   components/    no data code: no database, service, store, job, port factory, guard or
 *                  adapter (types excepted); server actions and pure cores are fine.
 *   app/           no database: pages and routes call services.
 *   the rest of lib/  (auth, actions, adapters) the database's types only; the job queue
 *                  (lib/jobs/queue.ts, runner.ts) is plumbing on pg-boss.
 *   lib/policy/    pure: imports only its own files.
 * Everywhere in app/, lib/ and components/: `process.env` only in lib/config.ts.
 */

const AGPL_ORACLE = { group: ["@cloud-copilot/*"], message: "The IAM oracle is AGPL: a devDependency for differential tests only, never app code." };

/** The folders of lib/ that are not domains: plumbing, adapters, the edges and the pure engine. */
const NOT_DOMAINS = ["actions", "auth", "aws", "db", "generated", "gitlab", "jobs", "policy", "sandbox"];
/**
 * A domain's server-only composition files: the only ones that may touch the database and ports.
 * Besides the four names, files that do I/O for their domain: audit checkpoints (a file or S3),
 * the demo seed (rows), and notification delivery (SMTP, webhooks over HTTP).
 */
export const COMPOSITION_FILES = [
  "lib/*/service.ts",
  "lib/*/store.ts",
  "lib/*/jobs.ts",
  "lib/*/ports.ts",
  "lib/audit/checkpoints.ts",
  "lib/demo/seed.ts",
  "lib/notify/smtp.ts",
  "lib/notify/webhook-http.ts",
];

const FRAMEWORK = ["next", "next/*", "react", "react/*", "react-dom", "react-dom/*"];
const DATABASE = ["@prisma/*", "pg", "pg-boss", "@/lib/db", "@/lib/db/*", "@/lib/generated/*"];
const SDKS = ["@aws-sdk/*", "@gitbeaker/*", "nodemailer", "undici"];
const COMPOSITION = ["@/lib/*/service", "@/lib/*/store", "@/lib/*/jobs", "@/lib/*/ports", "@/lib/jobs/queue", "@/lib/jobs/runner"];
const GUARDS = ["@/lib/auth/guard", "@/lib/auth/config", "@/lib/auth/with-permission"];
/** Node's I/O modules (files, network, processes, the host); computation (crypto, zlib, streams) is fine in a core. */
const NODE_IO_NAMES = ["fs", "fs/*", "path", "os", "child_process", "net", "dns", "dns/*", "tls", "dgram", "http", "https", "http2", "worker_threads", "cluster"];
const NODE_IO = [...NODE_IO_NAMES, ...NODE_IO_NAMES.map((m) => `node:${m}`)];
const SAME_FOLDER_COMPOSITION = "^\\./(service|store|jobs|ports)$";
/** Adapters hold SDK code; their port interfaces and plain types may be imported as types. */
const ADAPTERS = ["@/lib/aws/*", "@/lib/gitlab/*", "@/lib/sandbox/*"];

/** `process.env` read through an import instead of the global. */
const ENV_IMPORTS = [
  { name: "process", importNames: ["env"], message: "Read configuration through config() in lib/config.ts." },
  { name: "node:process", importNames: ["env"], message: "Read configuration through config() in lib/config.ts." },
];

/** One import style: `./x` within a folder (and its subfolders), `@/…` across folders, never `../`. */
const IMPORT_STYLE = { regex: "^\\.\\./", message: "Import with ./x within a folder and @/… across folders, never ../ (one import style)." };

/**
 * One no-restricted-imports setting for app/, lib/ and components/ (a later block replaces an
 * earlier one, so each repeats the shared parts).
 */
function restrictImports(...patterns) {
  return ["error", { paths: ENV_IMPORTS, patterns: [AGPL_ORACLE, IMPORT_STYLE, ...patterns] }];
}

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: [".next/**", "node_modules/**", "lib/generated/**", ".data/**", "tmp/**", "next-env.d.ts"] },
  {
    files: ["scripts/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [AGPL_ORACLE] }] },
  },
  {
    files: ["app/**", "lib/**", "components/**"],
    rules: { "no-restricted-imports": restrictImports() },
  },
  {
    // Every environment variable is parsed once, with zod, in lib/config.ts.
    files: ["app/**", "lib/**", "components/**"],
    ignores: ["lib/config.ts"],
    rules: {
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration through config() in lib/config.ts: every environment variable is parsed there, once." }],
    },
  },
  {
    // The database is reached through lib/db by the composition files alone (and the job queue,
    // plumbing on pg-boss): the guards, actions and adapters call services. Its types may be
    // named anywhere in lib/.
    files: ["lib/**/*.ts"],
    ignores: ["lib/db/**", "lib/jobs/queue.ts", "lib/jobs/runner.ts", ...COMPOSITION_FILES],
    rules: {
      "no-restricted-imports": restrictImports({ group: DATABASE, allowTypeImports: true, message: "Only lib/db and a domain's composition files (service.ts, store.ts, …) touch the database; call a service." }),
    },
  },
  {
    files: ["lib/db/**/*.ts"],
    rules: {
      "no-restricted-imports": restrictImports(
        { regex: "^@/(?!lib/(errors|config|jobs/catalog)$|lib/generated/)", message: "lib/db is plumbing: it imports no domain, only @/lib/errors, @/lib/config, @/lib/generated/* and @/lib/jobs/catalog." },
        { group: ["@/components/*", "@/app/*"], message: "lib/db is plumbing: it imports no domain." },
      ),
    },
  },
  {
    files: ["lib/jobs/catalog.ts"],
    rules: { "no-restricted-imports": restrictImports({ regex: "^(@/|\\.)", message: "The job catalog is plain data that lib/db reads: it imports nothing." }) },
  },
  {
    // Pure cores: plain TypeScript, tested as plain functions. They may use the policy engine,
    // other cores, zod schemas, lib/errors and the ports' types.
    files: ["lib/*.ts", "lib/*/**/*.ts"],
    ignores: [...NOT_DOMAINS.map((d) => `lib/${d}/**`), ...COMPOSITION_FILES],
    rules: {
      "no-restricted-imports": restrictImports(
        { group: [...FRAMEWORK, ...SDKS, "server-only", ...NODE_IO], message: "A core is pure: no framework, SDK, server-only or Node I/O import." },
        { group: [...DATABASE, ...COMPOSITION, ...GUARDS, "@/lib/actions/*", "@/components/*", "@/app/*"], message: "A core imports no database, service, store, job, port factory, guard or action; its domain's service.ts loads the data." },
        { regex: SAME_FOLDER_COMPOSITION, message: "A core imports no service, store, jobs or ports module; its domain's service.ts composes them." },
        { group: ADAPTERS, allowTypeImports: true, message: "A core uses an adapter's types only (import type); its domain's service.ts calls the adapter." },
      ),
    },
  },
  {
    // Components render what pages hand them and call server actions.
    files: ["components/**/*.ts", "components/**/*.tsx"],
    rules: {
      "no-restricted-imports": restrictImports(
        { group: [...DATABASE, ...SDKS, "server-only", ...COMPOSITION, ...GUARDS], message: "Components import no data code: no database, service, store, job, port factory or guard. Pages call services and pass plain data; forms call server actions." },
        { group: ADAPTERS, allowTypeImports: true, message: "Components import no adapter (lib/aws, lib/gitlab, lib/sandbox) except for its types." },
      ),
    },
  },
  {
    // Pages and route handlers: validate, authorize, call one service, render.
    files: ["app/**/*.ts", "app/**/*.tsx"],
    rules: { "no-restricted-imports": restrictImports({ group: DATABASE, message: "app/ imports no database module: call the domain's service." }) },
  },
  {
    // The policy engine is pure: plain data in, plain data out. It must agree with AWS on every
    // input and be testable without any framework or SDK.
    files: ["lib/policy/**/*.ts"],
    rules: {
      "no-restricted-imports": restrictImports(
        { group: [...FRAMEWORK, ...SDKS, ...DATABASE, "server-only", "node:*", ...NODE_IO_NAMES, "crypto", "zlib", "stream"], message: "lib/policy is pure TypeScript: no framework, SDK, database or Node imports." },
        { group: ["@/*"], message: "lib/policy imports only its own files." },
      ),
    },
  },
];

export default config;
