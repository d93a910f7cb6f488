import assert from "node:assert/strict";
import { loadTokenFile, parseTokenFile } from "../../../core/auth/token_file.ts";

Deno.test("token file: Kubernetes CSV lines with quoted groups", () => {
  const tokens = parseTokenFile(
    [
      "# comment",
      "",
      'secret1,alice,1001,"system:masters,devs"',
      "secret2,bob,1002",
      ' "sec,ret3" , carol , 1003 , ops ',
    ].join("\n"),
  );
  assert.deepEqual(tokens.get("secret1"), {
    name: "alice",
    uid: "1001",
    groups: ["system:masters", "devs"],
  });
  assert.deepEqual(tokens.get("secret2"), { name: "bob", uid: "1002", groups: [] });
  assert.deepEqual(tokens.get("sec,ret3"), { name: "carol", uid: "1003", groups: ["ops"] });
  assert.equal(tokens.size, 3);
});

Deno.test("token file: errors name the file and line", async () => {
  assert.throws(
    () => parseTokenFile("a,b,c\nonly,two", "t.csv"),
    /t\.csv line 2: expected token,user,uid/,
  );
  assert.throws(
    () => parseTokenFile("a,b,c\na,d,e", "t.csv"),
    /t\.csv line 2: this token is already defined/,
  );
  assert.throws(
    () => parseTokenFile(",user,1", "t.csv"),
    /line 1: the token and the user name must not be empty/,
  );
  assert.throws(() => parseTokenFile('a,b,c,"g1', "t.csv"), /line 1: an opening double quote/);
  await assert.rejects(
    loadTokenFile("/nonexistent/tokens.csv"),
    /cannot read --token-auth-file \/nonexistent\/tokens\.csv/,
  );
});
