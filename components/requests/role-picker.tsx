"use client";
import { Field, Input, Label, Select } from "@/components/ui/field";
import { CopyButton } from "@/components/ui/copy-button";
import { roleLabel, type RoleChoice } from "./draft";

/**
 * Search box + role select. The search narrows the select's options (and picks the role when
 * only one matches); the count of matches is announced politely.
 */
export function RolePicker({ roles, options, matches, search, onSearch, chosen, onChoose, errors }: {
  roles: readonly RoleChoice[];
  options: RoleChoice[];
  matches: number;
  search: string;
  onSearch: (text: string) => void;
  chosen: RoleChoice | null;
  onChoose: (roleId: string) => void;
  errors?: string[];
}) {
  const narrowed = search.trim() !== "";
  return (
    <>
      <div>
        <Label htmlFor="req-role-search">Find a role</Label>
        <Input id="req-role-search" type="search" value={search} onChange={(e) => onSearch(e.target.value)} placeholder="name, ARN or account" aria-describedby="req-role-search-count" autoComplete="off" />
        <p id="req-role-search-count" aria-live="polite" className="mt-1 text-xs text-slate-700">
          {!narrowed ? null : matches === 0 ? "No role matches." : matches === 1 ? "1 role matches; it is selected below." : `${matches} of ${roles.length} roles match.`}
        </p>
      </div>
      <Field id="req-roleId" label="AWS account and role" errors={errors}>
        {(wiring) => (
          <Select value={chosen?.id ?? ""} onChange={(e) => onChoose(e.target.value)} {...wiring}>
            <option value="" disabled>
              {narrowed && matches === 0 ? "No role matches the search" : "Choose a role…"}
            </option>
            {options.map((r) => <option key={r.id} value={r.id}>{roleLabel(r)}</option>)}
          </Select>
        )}
      </Field>
      {chosen ? (
        <p className="-mt-2 flex flex-wrap items-center gap-2 text-xs text-slate-700">
          <span className="min-w-0 font-mono break-all">{chosen.arn}</span>
          <CopyButton text={chosen.arn} what="role ARN" />
        </p>
      ) : null}
    </>
  );
}
