import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * In front of moto's S3: answers the requests `faultFor` picks with an S3 error (XML, as S3
 * sends it), forwards the rest. moto's S3 enforces no bucket policy, so "a bucket that denies
 * access" is made here.
 */
export async function startS3FaultProxy(target: string, faultFor: (method: string, path: string) => { status: number; code: string } | undefined) {
  const upstream = new URL(target);
  let faults = 0;
  const server = createServer((req, res) => {
    const fault = faultFor(req.method ?? "GET", decodeURIComponent(req.url ?? "/"));
    if (fault) {
      faults++;
      req.resume();
      res.writeHead(fault.status, { "content-type": "application/xml", "x-amz-request-id": `fault-${faults}` });
      res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${fault.code}</Code><Message>${fault.code === "AccessDenied" ? "Access Denied" : fault.code}</Message><RequestId>fault-${faults}</RequestId></Error>`);
      return;
    }
    const forwarded = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forwarded.on("error", () => res.destroy());
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    faults: () => faults,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
