/**
 * `npm run trustmap -- audit verify | checkpoint [--json]`.
 *
 * verify: every link of the audit chain, then the chain against the latest checkpoint outside the
 * database. Exit 0 intact (with or without a checkpoint yet), 1 broken or events missing.
 * checkpoint: write the chain's head to the checkpoint store (a file in the data folder, or S3
 * with TRUSTMAP_AUDIT_S3). Exit 0 written (or nothing to checkpoint yet), 1 when the chain does
 * not check out since the previous checkpoint (nothing is written then).
 */
import { verifyAuditTrail, writeAuditCheckpoint } from "../../lib/audit/service";
import { output, type CliOptions } from "./options";

export type AuditCommand = "verify" | "checkpoint";

export async function runAuditCommand(command: AuditCommand, { json }: CliOptions): Promise<number> {
  if (command === "verify") {
    const verdict = await verifyAuditTrail();
    output(json, verdict, () => console.log(verdict.summary));
    return verdict.ok ? 0 : 1;
  }
  const written = await writeAuditCheckpoint();
  if (!written) {
    output(json, { written: false, reason: "the audit log is empty" }, () => console.log("The audit log is empty: no checkpoint written."));
    return 0;
  }
  const { checkpoint, location } = written;
  output(json, { written: true, checkpoint, location }, () =>
    console.log(`Checkpoint written: event #${checkpoint.id}, ${checkpoint.count.toLocaleString("en")} event${checkpoint.count === 1 ? "" : "s"}, link ${checkpoint.hash.slice(0, 12)}… → ${location}`),
  );
  return 0;
}
