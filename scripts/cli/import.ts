/**
 * `npm run trustmap -- import [--account ID] [--json]`: the roles in the connected AWS accounts (or
 * the one named) whose trust policy already trusts the account's GitLab provider, with each such
 * statement as the mappings it would import, what cannot be imported and why, and the linter's
 * findings. Read-only: it records nothing; importing happens in Settings → Import existing roles.
 * Exit 0 when every account was read, 1 when one could not be (the others are still listed) or on
 * an error.
 */
import type { AccountImports, ImportCandidate } from "../../lib/reconcile/adopt";
import { discoverImports } from "../../lib/reconcile/service";
import { output, type CliOptions } from "./options";

function selectorText(s: { scope: string; path: string; refType: string; ref: string }): string {
  return `${s.scope} ${s.path} · ${s.refType === "any" ? `any ref ${s.ref}` : `${s.refType} ${s.ref}`}`;
}

function printCandidate(c: ImportCandidate): void {
  console.log(`  ${c.roleName} (${c.registered ? "registered" : "not registered"}) ${c.roleArn}`);
  for (const s of c.statements) {
    console.log(`    statement ${s.sid ? `${s.sid} (#${s.statementIndex})` : `#${s.statementIndex}`}${s.owned ? " [trustmap's, from an earlier installation]" : ""}`);
    for (const p of s.proposals) console.log(`      ${p.alreadyMapped ? "=" : "+"} ${selectorText(p.selector)}, aud ${p.audience}  (from ${p.pattern})${p.alreadyMapped ? " — already a mapping" : ""}`);
    for (const reason of s.unadoptable) console.log(`      ! not importable: ${reason}`);
    for (const f of s.findings) console.log(`      ~ [${f.severity}] ${f.message}`);
  }
}

function printAccount(a: AccountImports): void {
  console.log(`AWS account ${a.name} (${a.accountId})`);
  if (a.error !== null) console.log(`  ! not read: ${a.error}`);
  else if (a.candidates.length === 0) console.log("  nothing to import");
  for (const c of a.candidates) printCandidate(c);
}

export async function runImportCommand({ json, account }: CliOptions): Promise<number> {
  const accounts = await discoverImports(account === undefined ? {} : { accountId: account });
  const importable = accounts.reduce((n, a) => n + a.candidates.reduce((m, c) => m + c.statements.reduce((k, s) => k + s.proposals.filter((p) => !p.alreadyMapped).length, 0), 0), 0);
  const unread = accounts.filter((a) => a.error !== null);
  output(json, { accounts, importable, unread: unread.map((a) => a.accountId) }, () => {
    for (const a of accounts) printAccount(a);
    console.log(`${importable} grant(s) could be imported${unread.length > 0 ? `; ${unread.length} account(s) NOT read` : ""}. Import them in Settings → Import existing roles.`);
  });
  return unread.length > 0 ? 1 : 0;
}
