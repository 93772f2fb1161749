/** What every `npm run trustmap` command shares: its flags and how it prints. */

export interface CliOptions {
  /** --json: machine-readable output instead of lines for people. */
  json: boolean;
  /** --yes: confirm a command that changes something outside trustmap (apply). */
  yes: boolean;
  /** --account ID: one AWS account (import). */
  account?: string;
}

export function output(json: boolean, value: unknown, human: () => void): void {
  if (json) console.log(JSON.stringify(value, null, 2));
  else human();
}
