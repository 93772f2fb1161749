import { config } from "@/lib/config";
import {
  AddClientIDToOpenIDConnectProviderCommand,
  CreateOpenIDConnectProviderCommand,
  GetAccessKeyLastUsedCommand,
  GetOpenIDConnectProviderCommand,
  GetRoleCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListOpenIDConnectProvidersCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
} from "@aws-sdk/client-iam";
import { AppError, isAppError } from "@/lib/errors";
import { CallCounter } from "./call-counter";
import { accessKeyFromSdk, lastUsedFromSdk, required, roleFromSdk, tagsFromSdk, tagsToSdk } from "./from-sdk";
import { issuerUrl, issuerUrlFromProviderArn } from "./oidc-url";
import type { IamOperation, IamPort, NewOidcProvider, OidcProvider, WriteResult } from "./port";
import { awsRetrySettings } from "./retry";
import { toAppError } from "./sdk-errors";
import { assertValidWrite } from "./validate";

/** Same shape as the SDK's credential identity, so any SDK credential provider fits. */
export interface IamCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}
export type IamCredentialsProvider = () => Promise<IamCredentials>;

export interface IamAdapterOptions {
  /** IAM is global; the region only picks the partition and signing region. */
  region?: string;
  /**
   * Omitted → the SDK's own resolution: `AWS_ENDPOINT_URL_IAM`, then `AWS_ENDPOINT_URL`, then
   * `endpoint_url` in the shared config file, then the public IAM endpoint.
   */
  endpoint?: string;
  /**
   * Omitted → the SDK's default credential chain (env, SSO, shared files, web identity, ECS,
   * EC2 instance metadata). To manage another account, pass a provider that assumes that
   * account's role, e.g. `fromTemporaryCredentials({ params: { RoleArn, RoleSessionName } })`
   * from @aws-sdk/credential-providers. The adapter keeps only the provider, never the keys.
   */
  credentials?: IamCredentialsProvider;
  /** Attempts per call, including the first (adaptive retry mode). Default `AWS_MAX_ATTEMPTS` (5) of retry.ts. */
  maxAttempts?: number;
  /** MaxItems per page (1–1000). Lower it only in tests, to exercise pagination cheaply. */
  pageSize?: number;
}

export interface IamAdapter extends IamPort {
  /** Close the client's sockets. */
  destroy(): void;
}

const MAX_PAGE_SIZE = 1000;

export function createIamAdapter(options: IamAdapterOptions = {}): IamAdapter {
  const pageSize = options.pageSize ?? MAX_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new AppError("CONFIG", `pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}.`);
  }
  const client = new IAMClient({
    // Without a region the SDK refuses to sign; IAM's aws partition signs in us-east-1.
    region: options.region ?? config().aws.region,
    endpoint: options.endpoint,
    credentials: options.credentials,
    // Adaptive = standard retries plus client-side rate limiting once IAM starts throttling.
    ...awsRetrySettings(options.maxAttempts),
  });
  const counter = new CallCounter();
  const operationOf = (context: { commandName?: string }) => context.commandName?.replace(/Command$/, "") ?? "Unknown";
  client.middlewareStack.add(
    (next, context) => (args) => {
      counter.call(operationOf(context));
      return next(args);
    },
    { step: "initialize", name: "trustmapCountCalls" },
  );
  // Sits below the retry middleware (same step, lower priority), so it runs once per HTTP attempt.
  client.middlewareStack.add(
    (next, context) => async (args) => {
      counter.attempt();
      try {
        return await next(args);
      } catch (e) {
        // The SDK classes any `LimitExceededException` as throttling (true for DynamoDB). For IAM
        // it is a quota no retry can lift, and retrying would also slow the adaptive rate
        // limiter; an AppError is not retryable, so the call fails at once.
        if ((e as { name?: unknown }).name === "LimitExceededException") throw toAppError(e, operationOf(context));
        throw e;
      }
    },
    { step: "finalizeRequest", priority: "low", name: "trustmapCountAttemptsAndStopQuotaRetries" },
  );

  async function call<T>(operation: IamOperation, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      throw toAppError(e, operation);
    }
  }

  async function write(operation: IamOperation, run: () => Promise<{ $metadata: { requestId?: string } }>): Promise<WriteResult> {
    const out = await call(operation, run);
    return { requestId: out.$metadata.requestId ?? "unknown" };
  }

  /** Follow Marker/IsTruncated; IAM may return fewer than MaxItems on a page that is not the last. */
  async function allPages<T>(fetch: (marker: string | undefined) => Promise<{ items: T[]; next: string | undefined }>): Promise<T[]> {
    const all: T[] = [];
    let marker: string | undefined;
    do {
      const page = await fetch(marker);
      all.push(...page.items);
      marker = page.next;
    } while (marker !== undefined);
    return all;
  }

  const nextMarker = (out: { IsTruncated?: boolean; Marker?: string }) => (out.IsTruncated ? out.Marker : undefined);

  async function listOpenIDConnectProviders() {
    const out = await call("ListOpenIDConnectProviders", () => client.send(new ListOpenIDConnectProvidersCommand({})));
    return (out.OpenIDConnectProviderList ?? []).map((p) => {
      const arn = required(p.Arn, "Arn");
      return { arn, url: issuerUrlFromProviderArn(arn) };
    });
  }

  async function getOpenIDConnectProvider(arn: string): Promise<OidcProvider> {
    const out = await call("GetOpenIDConnectProvider", () =>
      client.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })),
    );
    return {
      arn,
      url: issuerUrl(required(out.Url, "Url")),
      clientIds: out.ClientIDList ?? [],
      thumbprints: out.ThumbprintList ?? [],
      tags: tagsFromSdk(out.Tags),
      createDate: out.CreateDate,
    };
  }

  /**
   * A retried CreateOpenIDConnectProvider met EntityAlreadyExists: read the provider back. Done
   * when it has the intended URL and exactly the intended client ids (and thumbprints, when
   * given) — more client ids would trust more audiences than asked, so that is a CONFLICT.
   * The request id is that of the retried call's last attempt (CloudTrail holds the creating one).
   */
  async function confirmProviderCreated(intended: NewOidcProvider, conflict: AppError): Promise<WriteResult & { arn: string }> {
    const url = issuerUrl(intended.url);
    const listed = (await listOpenIDConnectProviders()).find((p) => p.url === url);
    const actual = listed && (await getOpenIDConnectProvider(listed.arn));
    const sameSet = (a: readonly string[], b: readonly string[]) => new Set(a).size === new Set(b).size && a.every((x) => b.includes(x));
    const lower = (list: readonly string[]) => list.map((x) => x.toLowerCase());
    if (!actual) {
      // IAM is eventually consistent: the provider it just reported may not be listed yet.
      throw new AppError("CONFLICT", `AWS IAM reports that an OIDC provider for ${url} exists, but it could not be read back; plan again.`, { cause: conflict, details: conflict.details });
    }
    const differences = [
      ...(sameSet(actual.clientIds, intended.clientIds) ? [] : ["client ids"]),
      ...(intended.thumbprints?.length && !sameSet(lower(actual.thumbprints), lower(intended.thumbprints)) ? ["thumbprints"] : []),
    ];
    if (differences.length === 0) return { arn: actual.arn, requestId: String(conflict.details?.requestId ?? "unknown") };
    throw new AppError("CONFLICT", `AWS IAM already has an OIDC provider for ${url} with different ${differences.join(" and ")}; trustmap did not change it.`, {
      cause: conflict,
      details: { ...conflict.details, differences },
    });
  }

  return {
    listRoles: ({ pathPrefix } = {}) =>
      allPages(async (Marker) => {
        const out = await call("ListRoles", () => client.send(new ListRolesCommand({ PathPrefix: pathPrefix, Marker, MaxItems: pageSize })));
        return { items: (out.Roles ?? []).map(roleFromSdk), next: nextMarker(out) };
      }),

    async getRole(name) {
      const out = await call("GetRole", () => client.send(new GetRoleCommand({ RoleName: name })));
      return roleFromSdk(required(out.Role, "Role"));
    },

    async updateAssumeRolePolicy(name, document) {
      assertValidWrite.updateAssumeRolePolicy(name, document);
      return write("UpdateAssumeRolePolicy", () =>
        client.send(new UpdateAssumeRolePolicyCommand({ RoleName: name, PolicyDocument: document })),
      );
    },

    async tagRole(name, tags) {
      assertValidWrite.tagRole(name, tags);
      return write("TagRole", () => client.send(new TagRoleCommand({ RoleName: name, Tags: tagsToSdk(tags) })));
    },

    async untagRole(name, keys) {
      assertValidWrite.untagRole(name, keys);
      return write("UntagRole", () => client.send(new UntagRoleCommand({ RoleName: name, TagKeys: keys })));
    },

    async listRoleTags(name) {
      const tags = await allPages(async (Marker) => {
        const out = await call("ListRoleTags", () => client.send(new ListRoleTagsCommand({ RoleName: name, Marker, MaxItems: pageSize })));
        return { items: out.Tags ?? [], next: nextMarker(out) };
      });
      return tagsFromSdk(tags);
    },

    listOpenIDConnectProviders,
    getOpenIDConnectProvider,

    async createOpenIDConnectProvider(input) {
      const { url, clientIds, thumbprints, tags } = input;
      assertValidWrite.createOpenIDConnectProvider({ url, clientIds, thumbprints, tags });
      try {
        const out = await call("CreateOpenIDConnectProvider", () =>
          client.send(
            new CreateOpenIDConnectProviderCommand({
              Url: url,
              ClientIDList: clientIds,
              // Real IAM no longer requires thumbprints for public CAs; send none rather than a fake.
              ThumbprintList: thumbprints?.length ? thumbprints : undefined,
              Tags: tags ? tagsToSdk(tags) : undefined,
            }),
          ),
        );
        return { arn: required(out.OpenIDConnectProviderArn, "OpenIDConnectProviderArn"), requestId: out.$metadata.requestId ?? "unknown" };
      } catch (e) {
        // The SDK retried (a 5xx or a broken connection): the first attempt may have created it.
        if (isAppError(e) && e.details?.awsCode === "EntityAlreadyExists" && Number(e.details.attempts) > 1) return confirmProviderCreated(input, e);
        throw e;
      }
    },

    async addClientIdToOpenIDConnectProvider(arn, clientId) {
      assertValidWrite.addClientIdToOpenIDConnectProvider(arn, clientId);
      return write("AddClientIDToOpenIDConnectProvider", () =>
        client.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: clientId })),
      );
    },

    listAccessKeys: (userName) =>
      allPages(async (Marker) => {
        const out = await call("ListAccessKeys", () => client.send(new ListAccessKeysCommand({ UserName: userName, Marker, MaxItems: pageSize })));
        return { items: (out.AccessKeyMetadata ?? []).map((k) => accessKeyFromSdk(k, userName)), next: nextMarker(out) };
      }),

    async getAccessKeyLastUsed(accessKeyId) {
      const out = await call("GetAccessKeyLastUsed", () => client.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: accessKeyId })));
      return lastUsedFromSdk(out.UserName, out.AccessKeyLastUsed);
    },

    callCounts: () => counter.snapshot(),
    resetCallCounts: () => counter.reset(),
    destroy: () => client.destroy(),
  };
}
