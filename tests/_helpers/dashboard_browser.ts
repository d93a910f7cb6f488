/**
 * Headless Chromium (Debian's /usr/bin/chromium) driven by puppeteer-core for the dashboard's
 * browser tests: a browser that trusts the cluster's self-signed serving certificate, pages
 * whose script errors fail the test, DOM polling with a deadline (never sleeps), and
 * screenshots written to the test output directory (`K8SM_TEST_OUTPUT`, default
 * /tmp/k8sm-test-output) for review.
 */
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import type { RestClient } from "../../core/client/rest_client.ts";
import { waitFor } from "../../core/util/wait.ts";

export type { Browser, Page };

/** Where the dashboard tests write their screenshots. */
export const SCREENSHOT_DIR = `${
  Deno.env.get("K8SM_TEST_OUTPUT") ?? "/tmp/k8sm-test-output"
}/dashboard`;

/** Launches headless Chromium (as root it needs --no-sandbox). */
export async function launchChromium(): Promise<Browser> {
  return await puppeteer.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    acceptInsecureCerts: true,
    args: ["--no-sandbox", "--ignore-certificate-errors", "--disable-dev-shm-usage"],
  });
}

/** A new page (in its own browser context, so its sessionStorage is its own). */
export async function newPage(browser: Browser): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  return { page, errors };
}

/**
 * Polls `fn(arg)` in the page (it runs there: it sees only its argument) until it returns a
 * truthy value, or fails naming `what` after 30 s.
 */
export async function waitInPage<T, A>(
  page: Page,
  what: string,
  fn: (arg: A) => T,
  arg: A,
): Promise<T> {
  const run = fn as (a: unknown) => T;
  return await waitFor(async () => (await page.evaluate(run, arg as unknown)) || undefined, {
    timeoutMs: 30_000,
    intervalMs: 100,
    what,
  }) as T;
}

/**
 * Clicks `selector` once it is in the page and shown. The click runs in the page in the same
 * turn as the lookup, so a live view redrawing its rows between the two cannot detach it.
 */
export async function clickWhenThere(page: Page, selector: string): Promise<void> {
  await waitInPage(page, `${selector} to click`, (s) => {
    const el = (globalThis as unknown as {
      document: { querySelector(s: string): { hidden: boolean; click(): void } | null };
    }).document.querySelector(s);
    if (!el || el.hidden) return false;
    el.click();
    return true;
  }, selector);
}

/** Writes a full-page screenshot `<name>.png` into SCREENSHOT_DIR. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await Deno.mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOT_DIR}/${name}.png`, fullPage: true });
}

/** Opens view `hash` (e.g. "#/pods") in the page. */
export async function go(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => location.hash = h, hash);
}

/** A `view` ServiceAccount token (ClusterRoleBinding to the view ClusterRole). */
export async function viewerToken(client: RestClient): Promise<string> {
  await client.requestJson("POST", "/api/v1/namespaces/default/serviceaccounts", {
    body: { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "viewer" } },
  });
  await client.requestJson("POST", "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", {
    body: {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: "dashboard-viewer" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" },
      subjects: [{ kind: "ServiceAccount", name: "viewer", namespace: "default" }],
    },
  });
  const issued = await client.requestJson<{ status: { token: string } }>(
    "POST",
    "/api/v1/namespaces/default/serviceaccounts/viewer/token",
    { body: { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec: {} } },
  );
  return issued.status.token;
}

/**
 * Creates a one-replica `sleep 3600` workload `name` (label app=NAME) in default: a
 * ReplicationController or an apps/v1 Deployment.
 */
export async function createSleepers(
  client: RestClient,
  kind: "replicationcontrollers" | "deployments",
  name: string,
): Promise<void> {
  const template = {
    metadata: { labels: { app: name } },
    spec: { containers: [{ name: "s", image: "busybox", command: ["sleep", "3600"] }] },
  };
  const body = kind === "deployments"
    ? {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name },
      spec: { replicas: 1, selector: { matchLabels: { app: name } }, template },
    }
    : {
      apiVersion: "v1",
      kind: "ReplicationController",
      metadata: { name },
      spec: { replicas: 1, selector: { app: name }, template },
    };
  const base = kind === "deployments" ? "/apis/apps/v1" : "/api/v1";
  await client.requestJson("POST", `${base}/namespaces/default/${kind}`, { body });
}

/** Creates namespace `ns` with `count` pods nobody schedules (they only fill the list). */
export async function createBulkPods(client: RestClient, ns: string, count: number): Promise<void> {
  await client.requestJson("POST", "/api/v1/namespaces", {
    body: { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } },
  });
  for (let i = 0; i < count; i += 50) {
    await Promise.all(
      Array.from(
        { length: Math.min(50, count - i) },
        (_, j) =>
          client.requestJson("POST", `/api/v1/namespaces/${ns}/pods`, {
            body: {
              apiVersion: "v1",
              kind: "Pod",
              metadata: { name: `${ns}-${String(i + j).padStart(4, "0")}` },
              spec: { schedulerName: "nobody", containers: [{ name: "c", image: "busybox" }] },
            },
          }),
      ),
    );
  }
}

/**
 * Writes a manifest (a v1 List) for `kubectl apply -f` to a temporary file and returns its
 * path: in default, a one-replica StatefulSet `keeper` and a DaemonSet `watcher` (both `sleep
 * 3600`), a CronJob `nightly` not due for hours and a Job `once` (`true`).
 */
export async function writeWorkloadKindsManifest(): Promise<string> {
  const template = (app: string, command: string[]) => ({
    metadata: { labels: { app } },
    spec: { containers: [{ name: "s", image: "busybox", command }] },
  });
  const sleeper = (app: string) => template(app, ["sleep", "3600"]);
  const once = template("once", ["true"]);
  const jobSpec = { template: { ...once, spec: { ...once.spec, restartPolicy: "Never" } } };
  const items = [
    {
      apiVersion: "apps/v1",
      kind: "StatefulSet",
      metadata: { name: "keeper" },
      spec: {
        replicas: 1,
        serviceName: "keeper",
        selector: { matchLabels: { app: "keeper" } },
        template: sleeper("keeper"),
      },
    },
    {
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: { name: "watcher" },
      spec: { selector: { matchLabels: { app: "watcher" } }, template: sleeper("watcher") },
    },
    {
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: { name: "nightly" },
      spec: { schedule: "0 3 * * *", jobTemplate: { spec: jobSpec } },
    },
    { apiVersion: "batch/v1", kind: "Job", metadata: { name: "once" }, spec: jobSpec },
  ];
  const path = await Deno.makeTempFile({ prefix: "k8sm-dashboard-", suffix: ".json" });
  await Deno.writeTextFile(path, JSON.stringify({ apiVersion: "v1", kind: "List", items }));
  return path;
}
