/**
 * The setup every dashboard browser test file shares: a real `k8sm up` (process runtime,
 * userspace proxy), headless Chromium, and a page signed in as cluster-admin through the
 * single-use link `up` prints; plus `kubectl` against that cluster and the `ticker` pod the
 * pod views use. Each test file starts its own session and stops it in a `finally`.
 */
import assert from "node:assert/strict";
import type { RestClient } from "../../core/client/rest_client.ts";
import { startUp, type UpProcess } from "./k8sm_up.ts";
import { type Browser, launchChromium, newPage, type Page } from "./dashboard_browser.ts";

/** A running cluster with a browser page signed in through up's printed link. */
export interface DashboardSession {
  up: UpProcess;
  /** A client of the API as cluster-admin. */
  client: RestClient;
  browser: Browser;
  /** The sign-in link `up` printed (already used once, by `page`). */
  link: string;
  /** The cluster-admin page, opened at `link`. */
  page: Page;
  /** Script errors of `page`; a test asserts it stays empty. */
  errors: string[];
}

/**
 * Starts `k8sm up`, launches Chromium and opens up's sign-in link in a new page. Whatever
 * started is stopped again if a later part fails.
 */
export async function startDashboard(): Promise<DashboardSession> {
  const up = await startUp(["--container-runtime", "process", "--proxy-mode", "userspace"]);
  const client = up.client();
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const link = /sign in \(as cluster-admin[^)]*\): (\S+#code=\S+)/.exec(up.stdout())?.[1];
    assert.ok(link, `k8sm up printed no sign-in link:\n${up.stdout()}`);
    const { page, errors } = await newPage(browser);
    await page.goto(link);
    return { up, client, browser, link, page, errors };
  } catch (e) {
    await browser?.close();
    client.close();
    await up.interrupt();
    throw e;
  }
}

/** Closes the browser and the client, then stops `k8sm up`, asserting it exits with 0. */
export async function stopDashboard(session: DashboardSession): Promise<void> {
  await session.browser.close();
  session.client.close();
  assert.equal(await session.up.interrupt(), 0);
}

/** Runs `kubectl <args>` with up's kubeconfig; fails with kubectl's stderr if it fails. */
export async function kubectl(up: UpProcess, args: string[]): Promise<void> {
  const res = await new Deno.Command("kubectl", {
    args: ["--kubeconfig", up.kubeconfig, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.ok(res.success, `kubectl ${args.join(" ")}: ${new TextDecoder().decode(res.stderr)}`);
}

/** `kubectl run`s pod `ticker` in default: it prints `tick N` every second, forever. */
export async function runTicker(up: UpProcess): Promise<void> {
  await kubectl(up, [
    "run",
    "ticker",
    "--image=busybox",
    "--restart=Never",
    "--command",
    "--",
    "sh",
    "-c",
    "i=0; while true; do echo tick $i; i=$((i+1)); sleep 1; done",
  ]);
}
