/**
 * Project and group CI/CD variables (project_level_variables.md, group_level_variables.md;
 * lib/api/ci/variables.rb). Group `environment_scope` behaves as on Premium.
 */
import type { VariableType } from "@/lib/gitlab/port";
import type { StoreResult, VariableStore } from "@/lib/sandbox/gitlab/variable-store";
import { bool, HttpError, paramError, requireParams, scopeFilter, str, type Ctx, type Params } from "../http";
import { groupOr404, projectOr404 } from "../lookup";
import { paginate } from "../pagination";
import { variableJson } from "../present";
import { json, route, type Reply, type Route } from "../router";

const VARIABLE_TYPES = ["env_var", "file"];

function variableType(input: Params): VariableType | undefined {
  const t = str(input, "variable_type");
  if (t !== undefined && !VARIABLE_TYPES.includes(t)) throw paramError("variable_type does not have a valid value");
  return t as VariableType | undefined;
}

function owner(ctx: Ctx, kind: "projects" | "groups"): VariableStore {
  return (kind === "projects" ? projectOr404(ctx) : groupOr404(ctx)).variables;
}

function reply<T>(result: StoreResult<T>, present: (value: T) => Reply): Reply {
  if (!result.ok) throw new HttpError(result.status, result.body);
  return present(result.value);
}

function commonFields(input: Params) {
  return {
    protected: bool(input, "protected"),
    masked: bool(input, "masked"),
    raw: bool(input, "raw"),
    variableType: variableType(input),
    environmentScope: str(input, "environment_scope"),
    description: str(input, "description"),
  };
}

export function variableRoutes(kind: "projects" | "groups"): Route[] {
  const base = `/api/v4/${kind}/:id/variables`;
  return [
    route("GET", base, (ctx) => {
      const page = paginate(ctx, owner(ctx, kind).list());
      return json(page.items.map(variableJson), 200, page.headers);
    }),
    route("GET", `${base}/:key`, (ctx) =>
      reply(owner(ctx, kind).find(ctx.params.key ?? "", scopeFilter(ctx.input)), (v) => json(variableJson(v))),
    ),
    route("POST", base, (ctx) => {
      requireParams(ctx.input, ["key", "value"]);
      const created = owner(ctx, kind).create({
        key: str(ctx.input, "key") ?? "",
        value: str(ctx.input, "value") ?? "",
        maskedAndHidden: bool(ctx.input, "masked_and_hidden"),
        ...commonFields(ctx.input),
      });
      return reply(created, (v) => json(variableJson(v), 201));
    }),
    route("PUT", `${base}/:key`, (ctx) => {
      // `masked_and_hidden` and `hidden` are not update parameters: Grape drops them.
      const changes = { value: str(ctx.input, "value"), ...commonFields(ctx.input) };
      const updated = owner(ctx, kind).update(ctx.params.key ?? "", scopeFilter(ctx.input), changes);
      return reply(updated, (v) => json(variableJson(v)));
    }),
    route("DELETE", `${base}/:key`, (ctx) =>
      reply(owner(ctx, kind).remove(ctx.params.key ?? "", scopeFilter(ctx.input)), () => ({ status: 204 })),
    ),
  ];
}
