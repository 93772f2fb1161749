import { EVENTS, EVENT_KINDS } from "@/lib/notify/events";

const GROUPS = [...new Set(EVENT_KINDS.map((k) => EVENTS[k].group))];

/**
 * One checkbox per event kind, grouped as the catalog groups them, named `name` with the kind as
 * value (read with FormData.getAll). Optionally shows who each event goes to.
 */
export function EventCheckboxes({ name, idPrefix, checked, showAudience = false, disabled = false }: { name: string; idPrefix: string; checked: readonly string[]; showAudience?: boolean; disabled?: boolean }) {
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      {GROUPS.map((group) => (
        <fieldset key={group} className="rounded border border-slate-200 p-3">
          <legend className="px-1 text-sm font-medium">{group}</legend>
          <ul className="space-y-1 text-sm">
            {EVENT_KINDS.filter((k) => EVENTS[k].group === group).map((kind) => (
              <li key={kind}>
                <input id={`${idPrefix}-${kind}`} type="checkbox" name={name} value={kind} defaultChecked={checked.includes(kind)} disabled={disabled} className="mr-2" />
                <label htmlFor={`${idPrefix}-${kind}`}>{EVENTS[kind].label}</label>
                {showAudience ? <span className="block pl-6 text-xs text-slate-500">to {EVENTS[kind].audience}</span> : null}
              </li>
            ))}
          </ul>
        </fieldset>
      ))}
    </div>
  );
}

export const eventsFrom = (form: HTMLFormElement, name: string) => new FormData(form).getAll(name).map(String);
