/**
 * `k8sm dashboard`: prints the dashboard's address on the current kubeconfig context's API and
 * a fresh single-use sign-in link (core/dashboard/dashboard_link.ts does the work).
 */
import { Command } from "commander";
import { addClientFlags, clientAction, clientConfigFrom } from "../cli/client_flags.ts";
import { requestDashboardAccess } from "../core/dashboard/dashboard_link.ts";

const HELP = `
The dashboard is served by the apiserver itself under /ui/. This prints its address for the
current kubeconfig context (or --context, --server) and a new sign-in link: open it in a
browser within ten minutes; it works once, and the session it opens ends after an hour, when
its token expires. The link signs in as the ServiceAccount kube-system/k8sm-dashboard (bound to
cluster-admin by \`k8sm up\`), so only users allowed to create serviceaccounts/token for it
(cluster-admin) may ask for one. Treat a link like a password until it is used.

Others sign in on the page with their own token (kubectl create token NAME) and see what their
RBAC role allows. On an API without authentication (k8sm up --insecure) nobody signs in.

The kubeconfig is $KUBECONFIG, else ~/.kube/config; \`k8sm up\` writes its admin kubeconfig to
~/.k8sm/kubeconfig (or under --data-dir), so after it: KUBECONFIG=~/.k8sm/kubeconfig k8sm dashboard.`;

/** `k8sm dashboard`: Print the dashboard's address and a single-use sign-in link. */
export function dashboardCommand(): Command {
  const cmd = new Command("dashboard")
    .description("Print the dashboard's address and a new single-use sign-in link")
    .addHelpText("after", HELP);
  addClientFlags(cmd, { namespace: false });
  return cmd.action(clientAction(async (_flags: unknown, self: Command) => {
    const access = await requestDashboardAccess(clientConfigFrom(self));
    console.log(`Dashboard: ${access.url}`);
    if (!access.signIn) {
      console.log("This API has no authentication: open the address above; nobody signs in.");
      return;
    }
    console.log(
      `Sign in (works once, until ${access.signIn.expires}; the session ends at ` +
        `${access.signIn.tokenExpires}; keep it private):`,
    );
    console.log(access.signIn.url);
  }));
}
