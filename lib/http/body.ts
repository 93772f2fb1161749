/**
 * Reading a request body within trustmap's size limit, for route handlers (readJsonBody) and the
 * request guard in front of server actions (./request-guard.ts). Web APIs only.
 */
import { AppError } from "@/lib/errors";

/** Largest request body trustmap reads: 1 MiB, also Next's own limit for server actions. */
export const MAX_BODY_BYTES = 1024 * 1024;

export function bodyTooLarge(): AppError {
  return new AppError("TOO_LARGE", `The request body is larger than 1 MiB (${MAX_BODY_BYTES.toLocaleString("en")} bytes).`, {
    details: { limitBytes: MAX_BODY_BYTES },
  });
}

/** The declared Content-Length is over the limit (a lying header cannot help: Node reads exactly that many bytes). */
export function declaresTooLarge(headers: Headers, limit = MAX_BODY_BYTES): boolean {
  const declared = headers.get("content-length");
  return declared !== null && /^\d+$/.test(declared) && Number(declared) > limit;
}

/**
 * The body's bytes, refused with TOO_LARGE (413) past `limit` — by its Content-Length before
 * reading, or while reading a body sent without one (chunked), so at most `limit` bytes are held.
 */
export async function readBodyBytes(body: ReadableStream<Uint8Array> | null, headers: Headers, limit = MAX_BODY_BYTES): Promise<Uint8Array> {
  if (declaresTooLarge(headers, limit)) throw bodyTooLarge();
  if (body === null) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw bodyTooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** The body as UTF-8 text within the limit; BAD_INPUT when it is not UTF-8. */
export async function readBodyText(req: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const bytes = await readBodyBytes(req.body, req.headers, limit);
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new AppError("BAD_INPUT", "The request body is not UTF-8 text.");
  }
}
