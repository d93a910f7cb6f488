/**
 * ConfigMap and Secret rules through their declarations: config keys, Go's base64 decoding
 * (offsets of the first bad byte), stringData merged into data, type defaults, the Secret
 * types' required keys, `immutable` and the 1 MiB limit — with kube-apiserver's paths.
 */
import assert from "node:assert/strict";
import { CONFIG_MAP_KIND } from "../../../../core/api/groups/config_maps.ts";
import { SECRET_KIND } from "../../../../core/api/groups/secrets.ts";
import { decodeBase64Strict, isConfigMapKey } from "../../../../core/api/validation/config_data.ts";
import { fieldErrorText } from "../../../../core/api/field_error.ts";
import type { KubeObject } from "../../../../core/api/object.ts";

function check(
  kind: typeof SECRET_KIND,
  body: Record<string, unknown>,
  old?: KubeObject,
): string[] {
  const obj = { metadata: { name: "x", namespace: "default" }, ...body } as KubeObject;
  kind.behaviour?.convertIn?.(obj);
  kind.behaviour?.defaults?.(obj);
  return (kind.behaviour?.validate?.(obj, old) ?? []).map(fieldErrorText);
}

Deno.test("config keys: kube's characters, length, and no '.' or '..' prefixes", () => {
  assert.deepEqual(isConfigMapKey("app.properties"), []);
  assert.deepEqual(isConfigMapKey("KEY_name-1"), []);
  assert.match(isConfigMapKey("a/b")[0], /^a valid config key must consist of alphanumeric/);
  assert.deepEqual(isConfigMapKey(".."), ["must not be '..'"]);
  assert.deepEqual(isConfigMapKey("..data"), ["must not start with '..'"]);
  assert.deepEqual(isConfigMapKey("k".repeat(254)), ["must be no more than 253 characters"]);
});

Deno.test("base64: bad input is refused with the offset of the first bad byte", () => {
  assert.throws(() => decodeBase64Strict("ab!d"), /illegal base64 data at input byte 2/);
  assert.throws(() => decodeBase64Strict("YWJ"), /illegal base64 data at input byte 0/);
  assert.throws(() => decodeBase64Strict("Y==="), /illegal base64 data at input byte 1/);
  assert.deepEqual([...decodeBase64Strict("/wAB")], [0xff, 0x00, 0x01]);
  assert.deepEqual([...decodeBase64Strict("YQ==\r\n")], [0x61]);
});

Deno.test("secret: stringData is merged into data (and wins) and dropped; type defaults", () => {
  const obj = {
    metadata: { name: "s" },
    data: { a: "eA==", b: "eQ==" },
    stringData: { b: "plain", c: "é" },
  } as KubeObject;
  SECRET_KIND.behaviour?.convertIn?.(obj);
  SECRET_KIND.behaviour?.defaults?.(obj);
  assert.deepEqual(obj.data, { a: "eA==", b: "cGxhaW4=", c: "w6k=" });
  assert.equal(obj.stringData, undefined);
  assert.equal(obj.type, "Opaque");
});

Deno.test("secret types: each built-in type's required keys, with kube's paths", () => {
  const dockercfg = {
    type: "kubernetes.io/dockerconfigjson",
    data: { ".dockerconfigjson": btoa("[1]") },
  };
  assert.deepEqual(check(SECRET_KIND, dockercfg), [
    'data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": json: cannot unmarshal ' +
    "array into Go value of type map[string]interface {}",
  ]);
  assert.deepEqual(check(SECRET_KIND, { type: "kubernetes.io/dockercfg" }), [
    "data[.dockercfg]: Required value",
  ]);
  assert.deepEqual(
    check(SECRET_KIND, { type: "kubernetes.io/ssh-auth", data: { "ssh-privatekey": "" } }),
    [
      "data[ssh-privatekey]: Required value",
    ],
  );
  assert.deepEqual(
    check(SECRET_KIND, { type: "kubernetes.io/basic-auth", stringData: { password: "" } }),
    [],
  );
  assert.deepEqual(check(SECRET_KIND, { type: "bootstrap.kubernetes.io/token" }), []);
  assert.deepEqual(check(SECRET_KIND, { type: "example.com/custom" }), []);
  assert.deepEqual(check(SECRET_KIND, { data: { "a b": "" } }).length, 1);
});

Deno.test("immutable: data frozen, immutable stays true, type is fixed on update", () => {
  const old = { metadata: { name: "x" }, data: { a: "1" }, immutable: true } as KubeObject;
  assert.deepEqual(check(CONFIG_MAP_KIND, { data: { a: "1" }, immutable: true }, old), []);
  assert.deepEqual(check(CONFIG_MAP_KIND, { data: { a: "2" }, binaryData: { b: "AA==" } }, old), [
    "immutable: Forbidden: field is immutable when `immutable` is set",
    "data: Forbidden: field is immutable when `immutable` is set",
    "binaryData: Forbidden: field is immutable when `immutable` is set",
  ]);
  const secret = { metadata: { name: "x" }, type: "Opaque", data: {} } as KubeObject;
  assert.deepEqual(
    check(
      SECRET_KIND,
      { type: "kubernetes.io/tls", data: { "tls.crt": "", "tls.key": "" } },
      secret,
    ),
    [
      'type: Invalid value: "kubernetes.io/tls": field is immutable',
    ],
  );
});

Deno.test("size: more than 1 MiB of data is refused (binary data counted decoded)", () => {
  const half = "x".repeat(512 * 1024);
  assert.deepEqual(
    check(CONFIG_MAP_KIND, { data: { a: half }, binaryData: { b: btoa(half) } }),
    [],
  );
  assert.deepEqual(
    check(CONFIG_MAP_KIND, { data: { a: half + "x" }, binaryData: { b: btoa(half) } }),
    [
      "Too long: may not be more than 1048576 bytes",
    ],
  );
  assert.deepEqual(check(SECRET_KIND, { stringData: { a: half + half + "x" } }), [
    "data: Too long: may not be more than 1048576 bytes",
  ]);
});
