import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { cachingClientCertificateVerifier } from "../../../core/auth/pki/verify_client_certificate.ts";
import { x509Authenticator } from "../../../core/auth/x509_authenticator.ts";
import { requires } from "../../_helpers/requirements.ts";

/** Runs openssl in `dir`; throws with its stderr when it fails. */
async function openssl(dir: string, ...args: string[]): Promise<void> {
  const out = await new Deno.Command("openssl", { args, cwd: dir, stdout: "null", stderr: "piped" })
    .output();
  if (!out.success) {
    throw new Error(`openssl ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
}

async function ca(dir: string, name: string) {
  await openssl(
    dir,
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
    "-keyout",
    `${name}.key`,
    "-out",
    `${name}.pem`,
    "-days",
    "2",
    "-subj",
    `/CN=${name}`,
  );
}

/** Signs a certificate for `subj` by `issuer`; `isCa` makes it an intermediate. */
async function cert(dir: string, name: string, subj: string, issuer: string, isCa = false) {
  await openssl(
    dir,
    "req",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
    "-keyout",
    `${name}.key`,
    "-out",
    `${name}.csr`,
    "-subj",
    subj,
  );
  await Deno.writeTextFile(
    `${dir}/${name}.ext`,
    isCa
      ? "basicConstraints=critical,CA:TRUE\nkeyUsage=keyCertSign\n"
      : "extendedKeyUsage=clientAuth\nkeyUsage=digitalSignature\n",
  );
  await openssl(
    dir,
    "x509",
    "-req",
    "-in",
    `${name}.csr`,
    "-CA",
    `${issuer}.pem`,
    "-CAkey",
    `${issuer}.key`,
    "-CAcreateserial",
    "-out",
    `${name}.pem`,
    "-days",
    "1",
    "-extfile",
    `${name}.ext`,
  );
}

const der = async (dir: string, name: string) =>
  new Uint8Array(new X509Certificate(await Deno.readTextFile(`${dir}/${name}.pem`)).raw);
const req = new Request("https://k8sm.test/api/v1/pods");

Deno.test({
  name: "x509: openssl-made client certs authenticate as CN with O groups; others are refused",
  ...requires("openssl"),
}, async () => {
  const dir = await Deno.makeTempDir();
  try {
    await ca(dir, "client-ca");
    await ca(dir, "rogue-ca");
    await cert(dir, "alice", "/O=dev/O=ops/CN=alice", "client-ca");
    await cert(dir, "inter", "/CN=intermediate", "client-ca", true);
    await cert(dir, "bob", "/O=system:nodes/CN=system:node:agent-1", "inter");
    await cert(dir, "mallory", "/O=system:masters/CN=mallory", "rogue-ca");
    const caPem = await Deno.readTextFile(`${dir}/client-ca.pem`);
    const auth = x509Authenticator(cachingClientCertificateVerifier([caPem]));

    const alice = await auth(req, { peerCertificates: [await der(dir, "alice")] });
    assert.deepEqual(alice, {
      kind: "authenticated",
      method: "x509",
      user: { name: "alice", uid: "", groups: ["dev", "ops"] },
    });

    const bob = await auth(req, {
      peerCertificates: [await der(dir, "bob"), await der(dir, "inter")],
    });
    assert.equal(
      bob.kind === "authenticated" && bob.user.name,
      "system:node:agent-1",
      JSON.stringify(bob),
    );

    const noIntermediate = await auth(req, { peerCertificates: [await der(dir, "bob")] });
    assert.equal(noIntermediate.kind, "rejected");

    const mallory = await auth(req, { peerCertificates: [await der(dir, "mallory")] });
    assert.equal(mallory.kind, "rejected");
    assert.match(
      mallory.kind === "rejected" ? mallory.reason : "",
      /not signed by a trusted client CA/,
    );

    const later = x509Authenticator(
      cachingClientCertificateVerifier([caPem], () => new Date(Date.now() + 3 * 86400_000)),
    );
    const expired = await later(req, { peerCertificates: [await der(dir, "alice")] });
    assert.match(expired.kind === "rejected" ? expired.reason : "", /expired at/);

    // A remembered verdict ends with the certificate's validity.
    let clock = Date.now();
    const cached = x509Authenticator(
      cachingClientCertificateVerifier([caPem], () => new Date(clock)),
    );
    const aliceChain = { peerCertificates: [await der(dir, "alice")] };
    assert.equal((await cached(req, aliceChain)).kind, "authenticated");
    assert.equal((await cached(req, aliceChain)).kind, "authenticated", "again, from the cache");
    clock += 3 * 86400_000;
    const afterExpiry = await cached(req, aliceChain);
    assert.match(afterExpiry.kind === "rejected" ? afterExpiry.reason : "", /expired at/);

    assert.deepEqual(await auth(req, {}), { kind: "no-credentials" });
    assert.deepEqual(await auth(req, undefined), { kind: "no-credentials" });
    const garbage = await auth(req, { peerCertificates: [new Uint8Array([1, 2, 3])] });
    assert.match(garbage.kind === "rejected" ? garbage.reason : "", /cannot be read/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("x509: the injected verifier decides (no dependency on a certificate library)", async () => {
  const seen: number[] = [];
  const auth = x509Authenticator((chain) => {
    seen.push(chain.length);
    return chain[0][0] === 1 ? { user: "carol", groups: ["g"] } : { error: "unknown CA" };
  });
  const ok = await auth(req, { peerCertificates: [new Uint8Array([1])] });
  assert.equal(ok.kind === "authenticated" && ok.user.name, "carol");
  assert.deepEqual(await auth(req, { peerCertificates: [new Uint8Array([2])] }), {
    kind: "rejected",
    reason: "x509: unknown CA",
  });
  assert.deepEqual(seen, [1, 1]);
});
