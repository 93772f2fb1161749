import { createServer, request, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/** An error answer in IAM's awsQuery wire format. */
export interface IamFault {
  status: number;
  code: string;
  message: string;
  /**
   * Forward the request to moto first — it takes effect — and answer with the error anyway, as
   * when IAM acted and the answer was lost: the SDK's retry then meets the change.
   */
  afterForwarding?: boolean;
}

export interface FaultProxy {
  endpoint: string;
  /** Requests received, answered or forwarded (i.e. HTTP attempts the SDK made). */
  requests(): number;
  close(): Promise<void>;
}

export const throttling: IamFault = { status: 400, code: "Throttling", message: "Rate exceeded" };

/**
 * Stands in front of moto to produce what moto never does (throttling, quota errors): for the
 * n-th request (1-based) whose body is `body`, `faultFor` may return an error to answer with;
 * otherwise the request goes to moto unchanged.
 */
export async function startFaultProxy(target: string, faultFor: (n: number, body: string) => IamFault | undefined): Promise<FaultProxy> {
  const upstream = new URL(target);
  let received = 0;
  const server = createServer((req, res) => {
    const n = ++received;
    void readBody(req).then(async (body) => {
      const fault = faultFor(n, body);
      if (fault) {
        if (fault.afterForwarding) await forward(req, body).catch(() => undefined);
        const requestId = `fault-${n}`;
        res.writeHead(fault.status, { "content-type": "text/xml", "x-amzn-requestid": requestId });
        res.end(
          `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type>` +
            `<Code>${fault.code}</Code><Message>${fault.message}</Message></Error>` +
            `<RequestId>${requestId}</RequestId></ErrorResponse>`,
        );
        return;
      }
      const forwarded = request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forwarded.on("error", () => res.destroy());
      forwarded.end(body);
    });
  });
  /** Sends the request to moto and waits for its whole answer, which is dropped. */
  const forward = (req: IncomingMessage, body: string) =>
    new Promise<void>((resolve, reject) => {
      const forwarded = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        answer.resume();
        answer.on("end", () => resolve());
      });
      forwarded.on("error", reject);
      forwarded.end(body);
    });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests: () => received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
