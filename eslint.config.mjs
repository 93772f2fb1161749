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
 *                  or Node I/O; adapters (lib/aws, lib/gitlab, lib/sandbox) for their types only,
 *                  except the few pure modules that live beside them (PURE_ADAPTER_MODULES), which
 *                  are linted as cores themselves.
 *   composition    lib/*\/service.ts, store.ts, jobs.ts, ports.ts, and the few files listed in
 *                  COMPOSITION_FILES: the only domain modules that touch the database and ports.
 *   components/    no data code: no database, service, store, job, port factory, guard or
 *                  adapter (types excepted); server actions and pure cores are fine.
 *   app/           no database: pages and routes call services.
 *   the rest of lib/  (auth, actions, adapters, the HTTP edge) the database's types only; the
 *                  job queue (lib/jobs/queue.ts, runner.ts) is plumbing on pg-boss.
 *   lib/policy/    pure: imports only its own files.
 *   proxy.ts, instrumentation.ts  (Next's entry files at the root) as app/: no database.
 * Everywhere in app/, lib/ and components/: `process.env` only in lib/config.ts. The root entry
 * files read only NODE_ENV and NEXT_RUNTIME, which Next inlines at build time (its bundler drops
 * the `NEXT_RUNTIME !== "nodejs"` branches from the edge build only when they are written out).
 */

const AGPL_ORACLE = { group: ["@cloud-copilot/*"], message: "The IAM oracle is AGPL: a devDependency for differential tests only, never app code." };

/** The folders of lib/ that are not domains: plumbing, adapters, the edges and the pure engine. */
const NOT_DOMAINS = ["actions", "auth", "aws", "db", "generated", "gitlab", "http", "jobs", "policy", "sandbox"];
/**
 * A domain's server-only composition files: the only ones that may touch the database and ports.
 * Besides the four names, files that do I/O for their domain: audit checkpoints (a file or S3),
 * the demo seed (rows) and the sandbox world it builds (the sandbox ports' state), and
 * notification delivery (SMTP, webhooks over HTTP). A branch that adds a domain needs no entry
 * here when its I/O is in service.ts, store.ts, jobs.ts or ports.ts.
 */
export const COMPOSITION_FILES = [
  "lib/*/service.ts",
  "lib/*/store.ts",
  "lib/*/jobs.ts",
  "lib/*/ports.ts",
  "lib/audit/checkpoints.ts",
  "lib/demo/seed.ts",
  "lib/demo/sandbox-world.ts",
  "lib/notify/smtp.ts",
  "lib/notify/webhook-http.ts",
];

const FRAMEWORK = ["next", "next/*", "react", "react/*", "react-dom", "react-dom/*"];
const DATABASE = ["@prisma/*", "pg", "pg-boss", "@/lib/db", "@/lib/db/*", "@/lib/generated/*"];
const SDKS = ["@aws-sdk/*", "@gitbeaker/*", "nodemailer", "undici"];
const COMPOSITION = ["@/lib/*/service", "@/lib/*/store", "@/lib/*/jobs", "@/lib/*/ports", "@/lib/jobs/queue", "@/lib/jobs/runner"];
/** Guards, and what reads the request being served (next/headers). */
const GUARDS = ["@/lib/auth/guard", "@/lib/auth/config", "@/lib/auth/with-permission", "@/lib/http/current-request"];
/** Node's I/O modules (files, network, processes, the host); computation (crypto, zlib, streams) is fine in a core. */
const NODE_IO_NAMES = ["fs", "path", "os", "child_process", "net", "dns", "tls", "dgram", "http", "https", "http2", "worker_threads", "cluster"];
/**
 * As a regex, not a group: a group's pattern is gitignore-style, where a bare name such as `http`
 * or `path` matches that segment anywhere (it flagged `@/lib/http/request-id`).
 */
const NODE_IO = `^(node:)?(${NODE_IO_NAMES.join("|")})(/.*)?$`;
const SAME_FOLDER_COMPOSITION = "^\\./(service|store|jobs|ports)$";
/**
 * Pure modules that live beside the adapters, in their folders: no SDK, no I/O (linted as cores
 * below, so they stay pure). Cores and components may import them like any core.
 */
const PURE_ADAPTER_MODULES = ["lib/aws/oidc-url.ts", "lib/gitlab/limits.ts", "lib/gitlab/protected-ref.ts"];
/** Adapters hold SDK code; their port interfaces and plain types may be imported as types. */
const ADAPTERS = ["@/lib/aws/*", "@/lib/gitlab/*", "@/lib/sandbox/*", ...PURE_ADAPTER_MODULES.map((f) => `!@/${f.replace(/\.ts$/, "")}`)];
/** The Next.js entry files at the root of the project. */
const ROOT_ENTRY_FILES = ["proxy.ts", "instrumentation.ts"];

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

/** What a pure core may not import. */
const CORE_IMPORTS = restrictImports(
  { group: [...FRAMEWORK, ...SDKS, "server-only"], message: "A core is pure: no framework, SDK, server-only or Node I/O import." },
  { regex: NODE_IO, message: "A core is pure: no framework, SDK, server-only or Node I/O import." },
  { group: [...DATABASE, ...COMPOSITION, ...GUARDS, "@/lib/actions/*", "@/components/*", "@/app/*"], message: "A core imports no database, service, store, job, port factory, guard or action; its domain's service.ts loads the data." },
  { regex: SAME_FOLDER_COMPOSITION, message: "A core imports no service, store, jobs or ports module; its domain's service.ts composes them." },
  { group: ADAPTERS, allowTypeImports: true, message: "A core uses an adapter's types only (import type); its domain's service.ts calls the adapter." },
);

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: [".next/**", "node_modules/**", "lib/generated/**", ".data/**", "tmp/**", "next-env.d.ts"] },
  {
    files: ["scripts/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [AGPL_ORACLE] }] },
  },
  {
    files: ["app/**", "lib/**", "components/**", ...ROOT_ENTRY_FILES],
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
    // Next's entry files: only Next's own build-time markers (see the top of this file).
    files: ROOT_ENTRY_FILES,
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[object.name='process'][property.name=/^env$/]:not(MemberExpression[computed=false][property.name=/^(NODE_ENV|NEXT_RUNTIME)$/] > MemberExpression.object)",
          message: "Read configuration through config() in lib/config.ts; the root entry files read only process.env.NODE_ENV and process.env.NEXT_RUNTIME.",
        },
        {
          selector: "MemberExpression[object.name='process'][property.value='env'], VariableDeclarator[init.name='process'] > ObjectPattern",
          message: "Read configuration through config() in lib/config.ts; the root entry files read only process.env.NODE_ENV and process.env.NEXT_RUNTIME.",
        },
      ],
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
    rules: { "no-restricted-imports": CORE_IMPORTS },
  },
  {
    // The pure modules beside the adapters are held to the same rule.
    files: PURE_ADAPTER_MODULES,
    rules: { "no-restricted-imports": CORE_IMPORTS },
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
    files: ["app/**/*.ts", "app/**/*.tsx", ...ROOT_ENTRY_FILES],
    rules: { "no-restricted-imports": restrictImports({ group: DATABASE, message: "app/ imports no database module: call the domain's service." }) },
  },
  {
    // The policy engine is pure: plain data in, plain data out. It must agree with AWS on every
    // input and be testable without any framework or SDK.
    files: ["lib/policy/**/*.ts"],
    rules: {
      "no-restricted-imports": restrictImports(
        { group: [...FRAMEWORK, ...SDKS, ...DATABASE, "server-only"], message: "lib/policy is pure TypeScript: no framework, SDK, database or Node imports." },
        { regex: `^(node:.*|(${[...NODE_IO_NAMES, "crypto", "zlib", "stream"].join("|")})(/.*)?)$`, message: "lib/policy is pure TypeScript: no framework, SDK, database or Node imports." },
        { group: ["@/*"], message: "lib/policy imports only its own files." },
      ),
    },
  },
];

export default config;
