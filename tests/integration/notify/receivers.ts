/**
 * Real receivers for notification tests: an SMTP server (smtp-server) whose messages are parsed
 * with mailparser, and an HTTP server that records every webhook request with its raw body.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  envelopeTo: string[];
  authUser: string | undefined;
  parsed: ParsedMail;
}

export interface SmtpReceiver {
  port: number;
  mails: ReceivedMail[];
  stop(): Promise<void>;
  /** Listen again on the same port after stop(). */
  restart(): Promise<void>;
}

export async function startSmtpReceiver(opts: { user: string; pass: string; port?: number; authRejection?: string }): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  let server: SMTPServer;
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server = new SMTPServer({
        secure: false,
        disabledCommands: ["STARTTLS"],
        allowInsecureAuth: true,
        logger: false,
        onAuth(auth, _session, cb) {
          if (opts.authRejection) return cb(Object.assign(new Error(opts.authRejection), { responseCode: 535 }));
          if (auth.username === opts.user && auth.password === opts.pass) return cb(null, { user: auth.username });
          cb(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
        },
        onData(stream, session, cb) {
          simpleParser(stream)
            .then((parsed) => {
              mails.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), authUser: typeof session.user === "string" ? session.user : undefined, parsed });
              cb();
            })
            .catch((e: Error) => cb(e));
        },
      });
      server.on("error", () => {});
      server.listen(port, "127.0.0.1", () => resolve((server.server.address() as AddressInfo).port));
      server.server.once("error", reject);
    });
  const port = await listen(opts.port ?? 0);
  return {
    port,
    mails,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    restart: async () => {
      await listen(port);
    },
  };
}

export interface ReceivedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface HttpReceiver {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  /** Answers for a path, in order; the last one repeats. Default 200 "ok". */
  answer(path: string, ...answers: { status: number; body?: string; headers?: Record<string, string> }[]): void;
  stop(): Promise<void>;
}

export async function startHttpReceiver(): Promise<HttpReceiver> {
  const requests: ReceivedRequest[] = [];
  const scripts = new Map<string, { status: number; body?: string; headers?: Record<string, string> }[]>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = req.url ?? "/";
      requests.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      const script = scripts.get(path) ?? [];
      const next = script.length > 1 ? script.shift()! : (script[0] ?? { status: 200, body: "ok" });
      res.writeHead(next.status, { "content-type": "text/plain", ...next.headers });
      res.end(next.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    answer: (path, ...answers) => void scripts.set(path, answers),
    stop: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
