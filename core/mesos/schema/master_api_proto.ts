/**
 * Mesos v1 protobuf schema (proto2), package `mesos.v1.master`: the master operator API's Call,
 * Response and Event. Written for k8sm from apache/mesos 1.12 (include/mesos/v1/master/
 * master.proto): field numbers, labels, defaults and enum values as there; the quota, volume,
 * file and resource-provider sub-messages are left out (mesos-local does not serve them).
 */
export const MASTER_API_PROTO = `syntax = "proto2";
package mesos.v1.master;

message Call {
  enum Type {
    UNKNOWN = 0;
    GET_HEALTH = 1;
    GET_FLAGS = 2;
    GET_VERSION = 3;
    GET_METRICS = 4;
    GET_LOGGING_LEVEL = 5;
    SET_LOGGING_LEVEL = 6;
    LIST_FILES = 7;
    READ_FILE = 8;
    GET_STATE = 9;
    GET_AGENTS = 10;
    GET_FRAMEWORKS = 11;
    GET_EXECUTORS = 12;
    GET_OPERATIONS = 33;
    GET_TASKS = 13;
    GET_ROLES = 14;
    GET_WEIGHTS = 15;
    UPDATE_WEIGHTS = 16;
    GET_MASTER = 17;
    SUBSCRIBE = 18;
    RESERVE_RESOURCES = 19;
    UNRESERVE_RESOURCES = 20;
    CREATE_VOLUMES = 21;
    DESTROY_VOLUMES = 22;
    GROW_VOLUME = 34;
    SHRINK_VOLUME = 35;
    GET_MAINTENANCE_STATUS = 23;
    GET_MAINTENANCE_SCHEDULE = 24;
    UPDATE_MAINTENANCE_SCHEDULE = 25;
    START_MAINTENANCE = 26;
    STOP_MAINTENANCE = 27;
    DRAIN_AGENT = 37;
    DEACTIVATE_AGENT = 38;
    REACTIVATE_AGENT = 39;
    GET_QUOTA = 28;
    UPDATE_QUOTA = 36;
    SET_QUOTA = 29 [deprecated = true];
    REMOVE_QUOTA = 30 [deprecated = true];
    TEARDOWN = 31;
    MARK_AGENT_GONE = 32;
  }
  message GetMetrics {
    optional .mesos.v1.DurationInfo timeout = 1;
  }
  message SetLoggingLevel {
    required uint32 level = 1;
    required .mesos.v1.DurationInfo duration = 2;
  }
  message UpdateWeights {
    repeated .mesos.v1.WeightInfo weight_infos = 1;
  }
  message ReserveResources {
    required .mesos.v1.AgentID agent_id = 1;
    repeated .mesos.v1.Resource source = 3;
    repeated .mesos.v1.Resource resources = 2;
  }
  message UnreserveResources {
    required .mesos.v1.AgentID agent_id = 1;
    repeated .mesos.v1.Resource resources = 2;
  }
  message UpdateMaintenanceSchedule {
    required .mesos.v1.maintenance.Schedule schedule = 1;
  }
  message StartMaintenance {
    repeated .mesos.v1.MachineID machines = 1;
  }
  message StopMaintenance {
    repeated .mesos.v1.MachineID machines = 1;
  }
  message DrainAgent {
    required .mesos.v1.AgentID agent_id = 1;
    optional .google.protobuf.Duration max_grace_period = 2;
    optional bool mark_gone = 3 [default = false];
  }
  message DeactivateAgent {
    required .mesos.v1.AgentID agent_id = 1;
  }
  message ReactivateAgent {
    required .mesos.v1.AgentID agent_id = 1;
  }
  message Teardown {
    required .mesos.v1.FrameworkID framework_id = 1;
  }
  message MarkAgentGone {
    required .mesos.v1.AgentID agent_id = 1;
  }
  optional .mesos.v1.master.Call.Type type = 1;
  optional .mesos.v1.master.Call.GetMetrics get_metrics = 2;
  optional .mesos.v1.master.Call.SetLoggingLevel set_logging_level = 3;
  optional .mesos.v1.master.Call.UpdateWeights update_weights = 6;
  optional .mesos.v1.master.Call.ReserveResources reserve_resources = 7;
  optional .mesos.v1.master.Call.UnreserveResources unreserve_resources = 8;
  optional .mesos.v1.master.Call.UpdateMaintenanceSchedule update_maintenance_schedule = 11;
  optional .mesos.v1.master.Call.StartMaintenance start_maintenance = 12;
  optional .mesos.v1.master.Call.StopMaintenance stop_maintenance = 13;
  optional .mesos.v1.master.Call.DrainAgent drain_agent = 21;
  optional .mesos.v1.master.Call.DeactivateAgent deactivate_agent = 22;
  optional .mesos.v1.master.Call.ReactivateAgent reactivate_agent = 23;
  optional .mesos.v1.master.Call.Teardown teardown = 16;
  optional .mesos.v1.master.Call.MarkAgentGone mark_agent_gone = 17;
}

message Response {
  enum Type {
    UNKNOWN = 0;
    GET_HEALTH = 1;
    GET_FLAGS = 2;
    GET_VERSION = 3;
    GET_METRICS = 4;
    GET_LOGGING_LEVEL = 5;
    LIST_FILES = 6;
    READ_FILE = 7;
    GET_STATE = 8;
    GET_AGENTS = 9;
    GET_FRAMEWORKS = 10;
    GET_EXECUTORS = 11;
    GET_OPERATIONS = 19;
    GET_TASKS = 12;
    GET_ROLES = 13;
    GET_WEIGHTS = 14;
    GET_MASTER = 15;
    GET_MAINTENANCE_STATUS = 16;
    GET_MAINTENANCE_SCHEDULE = 17;
    GET_QUOTA = 18;
  }
  message GetHealth {
    required bool healthy = 1;
  }
  message GetFlags {
    repeated .mesos.v1.Flag flags = 1;
  }
  message GetVersion {
    required .mesos.v1.VersionInfo version_info = 1;
  }
  message GetMetrics {
    repeated .mesos.v1.Metric metrics = 1;
  }
  message GetLoggingLevel {
    required uint32 level = 1;
  }
  message GetState {
    optional .mesos.v1.master.Response.GetTasks get_tasks = 1;
    optional .mesos.v1.master.Response.GetExecutors get_executors = 2;
    optional .mesos.v1.master.Response.GetFrameworks get_frameworks = 3;
    optional .mesos.v1.master.Response.GetAgents get_agents = 4;
  }
  message GetAgents {
    message Agent {
      required .mesos.v1.AgentInfo agent_info = 1;
      required bool active = 2;
      optional bool deactivated = 12;
      required string version = 3;
      optional string pid = 4;
      optional .mesos.v1.TimeInfo registered_time = 5;
      optional .mesos.v1.TimeInfo reregistered_time = 6;
      repeated .mesos.v1.Resource total_resources = 7;
      repeated .mesos.v1.Resource allocated_resources = 8;
      repeated .mesos.v1.Resource offered_resources = 9;
      repeated .mesos.v1.AgentInfo.Capability capabilities = 10;
      optional .mesos.v1.DrainInfo drain_info = 13;
      optional .mesos.v1.TimeInfo estimated_drain_start_time = 14;
    }
    repeated .mesos.v1.master.Response.GetAgents.Agent agents = 1;
    repeated .mesos.v1.AgentInfo recovered_agents = 2;
  }
  message GetFrameworks {
    message Framework {
      required .mesos.v1.FrameworkInfo framework_info = 1;
      required bool active = 2;
      required bool connected = 3;
      required bool recovered = 11;
      optional .mesos.v1.TimeInfo registered_time = 4;
      optional .mesos.v1.TimeInfo reregistered_time = 5;
      optional .mesos.v1.TimeInfo unregistered_time = 6;
      repeated .mesos.v1.Offer offers = 7;
      repeated .mesos.v1.InverseOffer inverse_offers = 8;
      repeated .mesos.v1.Resource allocated_resources = 9;
      repeated .mesos.v1.Resource offered_resources = 10;
      optional .mesos.v1.scheduler.OfferConstraints offer_constraints = 12;
    }
    repeated .mesos.v1.master.Response.GetFrameworks.Framework frameworks = 1;
    repeated .mesos.v1.master.Response.GetFrameworks.Framework completed_frameworks = 2;
    repeated .mesos.v1.FrameworkInfo recovered_frameworks = 3 [deprecated = true];
  }
  message GetExecutors {
    message Executor {
      required .mesos.v1.ExecutorInfo executor_info = 1;
      required .mesos.v1.AgentID agent_id = 2;
    }
    repeated .mesos.v1.master.Response.GetExecutors.Executor executors = 1;
    repeated .mesos.v1.master.Response.GetExecutors.Executor orphan_executors = 2 [deprecated = true];
  }
  message GetTasks {
    repeated .mesos.v1.Task pending_tasks = 1 [deprecated = true];
    repeated .mesos.v1.Task tasks = 2;
    repeated .mesos.v1.Task unreachable_tasks = 5;
    repeated .mesos.v1.Task completed_tasks = 3;
    repeated .mesos.v1.Task orphan_tasks = 4 [deprecated = true];
  }
  message GetRoles {
    repeated .mesos.v1.Role roles = 1;
  }
  message GetWeights {
    repeated .mesos.v1.WeightInfo weight_infos = 1;
  }
  message GetMaster {
    optional .mesos.v1.MasterInfo master_info = 1;
    optional double start_time = 2;
    optional double elected_time = 3;
  }
  message GetMaintenanceStatus {
    required .mesos.v1.maintenance.ClusterStatus status = 1;
  }
  message GetMaintenanceSchedule {
    required .mesos.v1.maintenance.Schedule schedule = 1;
  }
  optional .mesos.v1.master.Response.Type type = 1;
  optional .mesos.v1.master.Response.GetHealth get_health = 2;
  optional .mesos.v1.master.Response.GetFlags get_flags = 3;
  optional .mesos.v1.master.Response.GetVersion get_version = 4;
  optional .mesos.v1.master.Response.GetMetrics get_metrics = 5;
  optional .mesos.v1.master.Response.GetLoggingLevel get_logging_level = 6;
  optional .mesos.v1.master.Response.GetState get_state = 9;
  optional .mesos.v1.master.Response.GetAgents get_agents = 10;
  optional .mesos.v1.master.Response.GetFrameworks get_frameworks = 11;
  optional .mesos.v1.master.Response.GetExecutors get_executors = 12;
  optional .mesos.v1.master.Response.GetTasks get_tasks = 13;
  optional .mesos.v1.master.Response.GetRoles get_roles = 14;
  optional .mesos.v1.master.Response.GetWeights get_weights = 15;
  optional .mesos.v1.master.Response.GetMaster get_master = 16;
  optional .mesos.v1.master.Response.GetMaintenanceStatus get_maintenance_status = 17;
  optional .mesos.v1.master.Response.GetMaintenanceSchedule get_maintenance_schedule = 18;
}

message Event {
  enum Type {
    UNKNOWN = 0;
    SUBSCRIBED = 1;
    TASK_ADDED = 2;
    TASK_UPDATED = 3;
    AGENT_ADDED = 4;
    AGENT_REMOVED = 5;
    FRAMEWORK_ADDED = 6;
    FRAMEWORK_UPDATED = 7;
    FRAMEWORK_REMOVED = 8;
    HEARTBEAT = 9;
  }
  message Subscribed {
    optional .mesos.v1.master.Response.GetState get_state = 1;
    optional double heartbeat_interval_seconds = 2;
  }
  message TaskAdded {
    required .mesos.v1.Task task = 1;
  }
  message TaskUpdated {
    required .mesos.v1.FrameworkID framework_id = 1;
    required .mesos.v1.TaskStatus status = 2;
    required .mesos.v1.TaskState state = 3;
  }
  message FrameworkAdded {
    required .mesos.v1.master.Response.GetFrameworks.Framework framework = 1;
  }
  message FrameworkUpdated {
    required .mesos.v1.master.Response.GetFrameworks.Framework framework = 1;
  }
  message FrameworkRemoved {
    required .mesos.v1.FrameworkInfo framework_info = 1;
  }
  message AgentAdded {
    required .mesos.v1.master.Response.GetAgents.Agent agent = 1;
  }
  message AgentRemoved {
    required .mesos.v1.AgentID agent_id = 1;
  }
  optional .mesos.v1.master.Event.Type type = 1;
  optional .mesos.v1.master.Event.Subscribed subscribed = 2;
  optional .mesos.v1.master.Event.TaskAdded task_added = 3;
  optional .mesos.v1.master.Event.TaskUpdated task_updated = 4;
  optional .mesos.v1.master.Event.AgentAdded agent_added = 5;
  optional .mesos.v1.master.Event.AgentRemoved agent_removed = 6;
  optional .mesos.v1.master.Event.FrameworkAdded framework_added = 7;
  optional .mesos.v1.master.Event.FrameworkUpdated framework_updated = 8;
  optional .mesos.v1.master.Event.FrameworkRemoved framework_removed = 9;
}
`;
