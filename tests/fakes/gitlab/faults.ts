/**
 * Injected failures for reliability tests. A fault applies to the next `times` requests whose
 * method and raw path (still URL-encoded, e.g. `/api/v4/projects/a%2Fb/variables`) match, or,
 * with `every`, to every Nth of them. Faults apply before authentication, as GitLab's rate
 * limiter (Rack::Attack) does — except `served` ones, which model an answer lost on the way back.
 */
import { STATUS_CODES } from "node:http";

export interface Fault {
  /** Default: any method. */
  method?: string;
  /** Default: any path. */
  pathPrefix?: string;
  /** How many times it fires. Default 1, or unlimited with `every`. */
  times?: number;
  /** Fire on every Nth matching request (the Nth, 2Nth…), counting retries too, instead of the next ones. */
  every?: number;
  /** Answer with this status instead of serving the request: 429 (with `Retry-After`), 500, 502… */
  status?: number;
  /** Instead of `status`: these statuses in turn, one per firing (e.g. `[429, 503]`). */
  statuses?: readonly number[];
  /** Close the connection without an answer (the client sees a socket error such as UND_ERR_SOCKET). */
  reset?: boolean;
  /**
   * Serve the request first — its change is made — then answer with `status` or `reset` anyway,
   * as when GitLab commits and the answer is lost in a proxy: a retry then meets the change.
   */
  served?: boolean;
  /** `Retry-After` of a 429: seconds or an HTTP-date. Default 1. */
  retryAfter?: number | string;
  /** Wait this long first; without `status` the request is then served normally. */
  delayMs?: number;
  /** Overrides the default body for `status`. */
  body?: unknown;
}

interface ActiveFault extends Fault {
  remaining: number;
  seen: number;
  fired: number;
}

/** What a fired fault does to one request; `status` is already picked from `statuses`. */
export type FiredFault = Fault;

export class FaultQueue {
  private faults: ActiveFault[] = [];

  add(fault: Fault): void {
    this.faults.push({ ...fault, remaining: fault.times ?? (fault.every ? Infinity : 1), seen: 0, fired: 0 });
  }

  clear(): void {
    this.faults = [];
  }

  /** Consumes one use of the first fault that fires for this request; `every` faults count every request they match. */
  take(method: string, rawPath: string): FiredFault | undefined {
    let firing: ActiveFault | undefined;
    for (const f of this.faults) {
      if (f.remaining <= 0 || (f.method && f.method.toUpperCase() !== method) || (f.pathPrefix && !rawPath.startsWith(f.pathPrefix))) continue;
      f.seen += 1;
      const fires = f.every === undefined || f.seen % f.every === 0;
      if (fires && firing === undefined) firing = f;
    }
    if (!firing) return undefined;
    firing.remaining -= 1;
    const status = firing.statuses?.length ? firing.statuses[firing.fired % firing.statuses.length] : firing.status;
    firing.fired += 1;
    this.faults = this.faults.filter((x) => x.remaining > 0);
    return { ...firing, status };
  }
}

/** GitLab's throttled answer is Rack::Attack's plain text `Retry later`, not JSON. */
export function faultResponse(f: Fault & { status: number }): { status: number; body: unknown; headers: Record<string, string> } {
  if (f.status === 429) {
    return { status: 429, body: f.body ?? "Retry later\n", headers: { "retry-after": String(f.retryAfter ?? 1) } };
  }
  return { status: f.status, body: f.body ?? { message: `${f.status} ${STATUS_CODES[f.status] ?? "Error"}` }, headers: {} };
}
