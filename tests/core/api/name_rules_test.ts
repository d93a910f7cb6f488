import assert from "node:assert/strict";
import {
  generateNamePrefix,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isEnvVarName,
  isQualifiedName,
  isValidIP,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
} from "../../../core/api/name_rules.ts";

Deno.test("name rules accept and reject like Kubernetes", () => {
  const valid: [(s: string) => string[], string][] = [
    [isDNS1123Label, "a"],
    [isDNS1123Label, "123-abc"],
    [isDNS1123Label, "x".repeat(63)],
    [isDNS1123Subdomain, "example.com"],
    [isDNS1123Subdomain, "a.b-c.d"],
    [isDNS1035Label, "my-name"],
    [isQualifiedName, "app"],
    [isQualifiedName, "example.com/My_Name.1"],
    [isValidLabelValue, ""],
    [isValidLabelValue, "My_value.1"],
    [isValidPortName, "http"],
    [isValidPortName, "h2c-80"],
    [isEnvVarName, "MY_ENV.name-1"],
    [isValidIP, "10.0.0.1"],
    [isValidIP, "::1"],
    [isValidIP, "2001:db8::ffff"],
  ];
  for (const [rule, value] of valid) assert.deepEqual(rule(value), [], `${rule.name}(${value})`);
  const invalid: [(s: string) => string[], string][] = [
    [isDNS1123Label, ""],
    [isDNS1123Label, "-a"],
    [isDNS1123Label, "A"],
    [isDNS1123Label, "x".repeat(64)],
    [isDNS1123Subdomain, "a..b"],
    [isDNS1123Subdomain, "x".repeat(254)],
    [isDNS1035Label, "1abc"],
    [isQualifiedName, ""],
    [isQualifiedName, "a/"],
    [isQualifiedName, "Example.com/a"],
    [isQualifiedName, `${"x".repeat(64)}`],
    [isValidLabelValue, "-a"],
    [isValidPortName, "1234"],
    [isValidPortName, "a--b"],
    [isValidPortName, "-ab"],
    [isValidPortName, "abcdefghijklmnop"],
    [isEnvVarName, "1A"],
    [isEnvVarName, ".."],
    [isValidIP, "10.0.0"],
    [isValidIP, "10.0.0.01"],
    [isValidIP, "host"],
    [isValidIP, "1:2"],
  ];
  for (const [rule, value] of invalid) {
    assert.notDeepEqual(rule(value), [], `${rule.name}(${value}) should fail`);
  }
  assert.deepEqual(isDNS1123Label("a.b"), ["must not contain dots"]);
  assert.deepEqual(isDNS1123Label("x".repeat(64)), ["must be no more than 63 characters"]);
  assert.deepEqual(isQualifiedName("a/"), [
    "name part must be non-empty",
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
  ]);
  assert.deepEqual(isValidPortNum(0), ["must be between 1 and 65535, inclusive"]);
  assert.deepEqual(isValidPortNum(65535), []);
  assert.deepEqual(isValidPortNum(1.5), ["must be between 1 and 65535, inclusive"]);
});

Deno.test("generateNamePrefix makes any name a valid generateName", () => {
  const cases: [string, string][] = [
    ["nginxController", "nginxcontroller-"],
    ["web", "web-"],
    ["My_App.v2", "my-app.v2-"],
    ["--x--", "x-"],
    ["___", "x-"],
    ["a".repeat(80), `${"a".repeat(57)}-`],
  ];
  for (const [name, want] of cases) {
    const prefix = generateNamePrefix(name);
    assert.equal(prefix, want, name);
    assert.deepEqual(isDNS1123Subdomain(`${prefix}abcde`), [], name);
  }
});
