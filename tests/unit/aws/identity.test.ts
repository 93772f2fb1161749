import { describe, expect, it } from "vitest";
import { stsEndpointFromEnv } from "@/lib/aws/identity";

describe("where STS is asked whose credentials trustmap holds", () => {
  it("follows an IAM-only redirect (an emulator serves both), so the check never leaves for AWS by surprise", () => {
    expect(stsEndpointFromEnv({ AWS_ENDPOINT_URL_IAM: "http://127.0.0.1:5000" })).toBe("http://127.0.0.1:5000");
  });

  it("leaves resolution to the SDK when STS or every service is redirected explicitly, or nothing is", () => {
    expect(stsEndpointFromEnv({ AWS_ENDPOINT_URL_IAM: "http://iam", AWS_ENDPOINT_URL_STS: "http://sts" })).toBeUndefined();
    expect(stsEndpointFromEnv({ AWS_ENDPOINT_URL_IAM: "http://iam", AWS_ENDPOINT_URL: "http://all" })).toBeUndefined();
    expect(stsEndpointFromEnv({})).toBeUndefined();
  });
});
