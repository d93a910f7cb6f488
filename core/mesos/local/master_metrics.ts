/** Counters of the local master, exposed on /metrics in the Prometheus text format. */

/** Monotonic counters kept by the master. */
export class MasterMetrics {
  offersSent = 0;
  offersDeclined = 0;
  offersAccepted = 0;
  offersRescinded = 0;
  tasksLaunched = 0;
  tasksInvalid = 0;
  callsReceived = 0;
  callsRefused = 0;
  agentRegistrations = 0;
  agentReregistrations = 0;
  agentRemovals = 0;
  allocationRuns = 0;
  updatesByState = new Map<string, number>();

  /** Counts a forwarded status update by state. */
  countUpdate(state: string): void {
    this.updatesByState.set(state, (this.updatesByState.get(state) ?? 0) + 1);
  }
}
