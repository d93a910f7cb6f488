import assert from "node:assert/strict";
import {
  logger,
  setLogFile,
  setVerbosity,
  setVmodule,
  verbosityFor,
} from "../../../core/util/log.ts";

Deno.test("-vmodule sets the verbosity of matching components, -v the others", () => {
  try {
    setVerbosity(1);
    setVmodule("scheduler=3,mesos-*=2");
    assert.equal(verbosityFor("scheduler"), 3);
    assert.equal(verbosityFor("mesos-local"), 2);
    assert.equal(verbosityFor("apiserver"), 1);
    assert.throws(() => setVmodule("scheduler"), /-vmodule entry "scheduler" is not pattern=N/);
  } finally {
    setVmodule("");
    setVerbosity(0);
  }
});

Deno.test("setLogFile: log lines are appended to the file, -vmodule levels apply", async () => {
  const dir = await Deno.makeTempDir({ prefix: "k8sm-log-" });
  const quiet = console.error;
  console.error = () => {};
  try {
    setLogFile(`${dir}/k8sm-test.log`);
    setVmodule("chatty=2");
    logger("chatty").v(2, "shown at vmodule level 2");
    logger("quiet").v(2, "hidden at -v=0");
    logger("quiet").warn("warnings always print");
    const text = await Deno.readTextFile(`${dir}/k8sm-test.log`);
    assert.match(text, /^I\d{4} [\d:.]+ chatty\] shown at vmodule level 2$/m);
    assert.match(text, /^W\d{4} [\d:.]+ quiet\] warnings always print$/m);
    assert.doesNotMatch(text, /hidden/);
  } finally {
    console.error = quiet;
    setLogFile(undefined);
    setVmodule("");
    await Deno.remove(dir, { recursive: true });
  }
});
