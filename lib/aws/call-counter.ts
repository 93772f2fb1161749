import { IAM_WRITE_OPERATIONS, type IamCallCounts } from "./port";

const WRITES: ReadonlySet<string> = new Set(IAM_WRITE_OPERATIONS);

/** Counts IAM calls per operation so benchmarks can report them and tests can assert "no writes". */
export class CallCounter {
  private byOperation = new Map<string, number>();
  private attemptCount = 0;

  call(operation: string): void {
    this.byOperation.set(operation, (this.byOperation.get(operation) ?? 0) + 1);
  }

  attempt(): void {
    this.attemptCount += 1;
  }

  snapshot(): IamCallCounts {
    let total = 0;
    let writes = 0;
    for (const [operation, n] of this.byOperation) {
      total += n;
      if (WRITES.has(operation)) writes += n;
    }
    return { byOperation: Object.fromEntries(this.byOperation), total, writes, attempts: this.attemptCount };
  }

  reset(): void {
    this.byOperation.clear();
    this.attemptCount = 0;
  }
}
