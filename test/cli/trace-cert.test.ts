// The request trace of a certificate upload holds no line of the private key the request carries.
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { certApi, expectNoKeyIn } from "../support/cert-api";
import { runCli } from "../support/cli";
import { makeFixtureSet, type FixtureSet } from "../support/pki";

const { server, requests } = certApi();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());
afterEach(() => server.resetHandlers());

let f: FixtureSet;
beforeAll(async () => {
  f = await makeFixtureSet();
});

it("cert upload mtls-certificate --verbose: the trace line, and no line of the key anywhere", async () => {
  const r = await runCli(["cert", "upload", "mtls-certificate", "--cert", f.client.certPath, "--key", f.client.keyPath, "--name", "traced", "--verbose"]);
  expect(r.code).toBe(0);
  const sent = requests.find((q) => q.method === "POST")!.body as { private_key: string };
  expect(sent.private_key.trim()).toBe(f.client.keyPem.trim());
  expect(r.stderr).toMatch(/^\[debug\] POST \/client\/v4\/accounts\/\w+\/mtls_certificates → 200 in \d+ ms \(attempt 1\)$/m);
  expectNoKeyIn(r.all, f.client.keyPem);
});
