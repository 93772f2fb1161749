/**
 * Injected failures for reliability tests. A fault applies to the next `times` requests whose
 * method and raw path (still URL-encoded, e.g. `/api/v4/projects/a%2Fb/variables`) match.
 * Faults apply before authentication, as GitLab's rate limiter (Rack::Attack) does.
 */
export interface Fault {
  /** Default: any method. */
  method?: string;
  /** Default: any path. */
  pathPrefix?: string;
  /** How many matching requests it affects. Default 1. */
  times?: number;
  /** Answer with this status instead of serving the request: 429 (with `Retry-After`), 500, 502… */
  status?: number;
  /** Seconds for the `Retry-After` header of a 429. Default 1. */
  retryAfter?: number;
  /** Wait this long first; without `status` the request is then served normally. */
  delayMs?: number;
  /** Overrides the default body for `status`. */
  body?: unknown;
}

interface ActiveFault extends Fault {
  remaining: number;
}

export class FaultQueue {
  private faults: ActiveFault[] = [];

  add(fault: Fault): void {
    this.faults.push({ ...fault, remaining: fault.times ?? 1 });
  }

  clear(): void {
    this.faults = [];
  }

  /** Consumes one use of the first fault matching this request. */
  take(method: string, rawPath: string): Fault | undefined {
    const f = this.faults.find(
      (x) => x.remaining > 0 && (!x.method || x.method.toUpperCase() === method) && (!x.pathPrefix || rawPath.startsWith(x.pathPrefix)),
    );
    if (!f) return undefined;
    f.remaining -= 1;
    this.faults = this.faults.filter((x) => x.remaining > 0);
    return f;
  }
}

/** GitLab's throttled answer is Rack::Attack's plain text `Retry later`, not JSON. */
export function faultResponse(f: Fault & { status: number }): { status: number; body: unknown; headers: Record<string, string> } {
  if (f.status === 429) {
    return { status: 429, body: f.body ?? "Retry later\n", headers: { "retry-after": String(f.retryAfter ?? 1) } };
  }
  return { status: f.status, body: f.body ?? { message: `${f.status} Internal Server Error` }, headers: {} };
}
