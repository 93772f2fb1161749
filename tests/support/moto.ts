import { execFile, spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants, readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, vi } from "vitest";
import { freePort } from "../../lib/db/embedded";

/**
 * moto's IAM server for integration tests: one process per test file, on a free port, reset
 * between tests, and never left behind. See /work/shared/ENVIRONMENT.md ("AWS IAM for tests").
 */

export const MOTO_REGION = "us-east-1";
export const MOTO_ACCOUNT_ID = "123456789012";
export const motoCredentials = async () => ({ accessKeyId: "test", secretAccessKey: "test" });

export interface MotoServer {
  endpoint: string;
  port: number;
  /** The server's process id (benchmarks read its CPU time). */
  pid: number | undefined;
  /** Environment for a child process (aws CLI) talking to this server with dummy credentials. */
  env: Record<string, string>;
  /** Forget every resource (`POST /moto-api/reset`). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

const INSTALL_HINT = "install with pip install 'moto[server]'";

/**
 * Runs moto's server through the interpreter of the `moto_server` on PATH, with a prologue that
 * (1) asks Linux to SIGTERM the server when this process dies, even by SIGKILL
 * (PR_SET_PDEATHSIG = 1; the PID survives the pyenv shims' exec chain), and
 * (2) adds AddClientIDToOpenIDConnectProvider, which moto 5.2 lacks (it answers HTTP 500), with
 * real IAM's idempotent behaviour — only if moto does not have it already.
 */
const BOOTSTRAP = String.raw`
import signal, sys
try:
    import ctypes
    ctypes.CDLL(None).prctl(1, signal.SIGTERM)
except Exception:
    pass
try:
    from moto.server import main
    from moto.core.responses import EmptyResult
    from moto.iam.responses import IamResponse
except ImportError as error:
    sys.stderr.write("MOTO_MISSING %s\n" % error)
    sys.exit(3)
if not hasattr(IamResponse, "add_client_id_to_open_id_connect_provider"):
    def add_client_id_to_open_id_connect_provider(self):
        provider = self.backend.get_open_id_connect_provider(self._get_param("OpenIDConnectProviderArn"))
        client_id = self._get_param("ClientID")
        if client_id not in provider.client_id_list:
            provider.client_id_list.append(client_id)
        return EmptyResult()
    IamResponse.add_client_id_to_open_id_connect_provider = add_client_id_to_open_id_connect_provider
main(sys.argv[1:])
`;

export async function startMoto(opts: { readyTimeoutMs?: number } = {}): Promise<MotoServer> {
  const [command, ...interpreterArgs] = pythonOf(findOnPath("moto_server"));
  const port = await freePort();
  const child = spawn(command, [...interpreterArgs, "-c", BOOTSTRAP, "-H", "127.0.0.1", "-p", String(port)], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderrTail = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-4000);
  });
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(endpoint, child, () => stderrTail, opts.readyTimeoutMs ?? 20_000);
  } catch (e) {
    process.off("exit", killOnExit);
    await stopChild(child);
    throw e;
  }

  return {
    endpoint,
    port,
    pid: child.pid,
    env: {
      AWS_ACCESS_KEY_ID: "test",
      AWS_SECRET_ACCESS_KEY: "test",
      AWS_DEFAULT_REGION: MOTO_REGION,
      AWS_REGION: MOTO_REGION,
      // Keep the developer's own ~/.aws profiles out of the tests.
      AWS_CONFIG_FILE: "/nonexistent/aws-config",
      AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/aws-credentials",
    },
    async reset() {
      const response = await fetch(`${endpoint}/moto-api/reset`, { method: "POST" });
      if (!response.ok) throw new Error(`moto reset failed: HTTP ${response.status}`);
    },
    async stop() {
      process.off("exit", killOnExit);
      await stopChild(child);
    },
  };
}

/** Start moto before the file's tests, reset it before each test, stop it after. */
export function setupMoto(): () => MotoServer {
  let server: MotoServer | undefined;
  beforeAll(async () => {
    server = await startMoto();
  }, 30_000);
  beforeEach(async () => {
    await server?.reset();
  });
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (!server) throw new Error("moto is not running (setupMoto's beforeAll failed or has not run)");
    return server;
  };
}

/** Debian's awscli 2.x (`apt-get install -y awscli`) is the reference reader; any `aws` on PATH otherwise. */
const DEBIAN_AWS_CLI = "/usr/bin/aws";

function awsCli(): string {
  try {
    accessSync(DEBIAN_AWS_CLI, constants.X_OK);
    return DEBIAN_AWS_CLI;
  } catch {
    return findOnPath("aws", "install Debian's awscli: apt-get install -y awscli");
  }
}

/**
 * A role's trust policy as the aws CLI reads it from moto: an independent client's view of what
 * trustmap wrote (the CLI decodes IAM's URL-encoded document itself).
 */
export async function awsCliTrustPolicy(server: MotoServer, roleName: string): Promise<unknown> {
  const { stdout } = await promisify(execFile)(awsCli(), ["--endpoint-url", server.endpoint, "--output", "json", "iam", "get-role", "--role-name", roleName], {
    env: { ...process.env, ...server.env },
  });
  const doc = (JSON.parse(stdout) as { Role: { AssumeRolePolicyDocument: unknown } }).Role.AssumeRolePolicyDocument;
  return typeof doc === "string" ? JSON.parse(decodeURIComponent(doc)) : doc;
}

function findOnPath(name: string, hint = INSTALL_HINT): string {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  throw new Error(`${name} was not found on PATH; ${hint}`);
}

/** The interpreter moto_server runs under; a wrapper such as a pyenv shim resolves python3 the same way. */
function pythonOf(script: string): [string, ...string[]] {
  const firstLine = readFileSync(script, "utf8").split("\n", 1)[0] ?? "";
  const [command, ...args] = firstLine.startsWith("#!") ? firstLine.slice(2).trim().split(/\s+/) : [];
  return command && [command, ...args].some((part) => /python/.test(path.basename(part))) ? [command, ...args] : ["python3"];
}

async function waitUntilReady(endpoint: string, child: ChildProcess, stderr: () => string, timeoutMs: number): Promise<void> {
  let exited: string | undefined;
  child.once("exit", (code, signal) => {
    exited = `exited with ${code ?? signal}`;
  });
  child.once("error", (error) => {
    exited = `could not start: ${error.message}`;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) {
      const missing = /MOTO_MISSING|No module named|command not found/.test(stderr());
      throw new Error(
        `moto_server ${exited}${missing ? ` — moto is not installed for this Python; ${INSTALL_HINT}` : ""}\n${stderr()}`,
      );
    }
    try {
      const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`moto_server did not answer on ${endpoint} within ${timeoutMs} ms\n${stderr()}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
  await exited;
  clearTimeout(timer);
}

/**
 * The environment `npm start` would run in against moto: the default credential chain from
 * environment variables (moto's default account), IAM redirected by AWS_ENDPOINT_URL_IAM only (STS
 * follows it, see lib/aws/identity.ts). Undo with `vi.unstubAllEnvs()`.
 */
export function stubDefaultChainOnMoto(server: MotoServer): void {
  vi.stubEnv("AWS_ENDPOINT_URL_IAM", server.endpoint);
  vi.stubEnv("AWS_ENDPOINT_URL_STS", "");
  vi.stubEnv("AWS_ENDPOINT_URL", "");
  vi.stubEnv("AWS_PROFILE", "");
  vi.stubEnv("AWS_ACCESS_KEY_ID", "test");
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", "test");
  vi.stubEnv("AWS_SESSION_TOKEN", "");
}
