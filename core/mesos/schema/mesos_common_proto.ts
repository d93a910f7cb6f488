/**
 * Mesos v1 protobuf schema (proto2), package `mesos.v1`:
 * ids, time, addresses, framework/master/agent info, values, labels, discovery.
 * Written for k8sm from the field facts in mesos-v1/FIELDS.md (numbers, labels, defaults, enum
 * order); type references are fully qualified so nested names never shadow top-level ones.
 */
export const MESOS_COMMON_PROTO = `syntax = "proto2";
package mesos.v1;

message FrameworkID {
  required string value = 1;
}
message OfferID {
  required string value = 1;
}
message AgentID {
  required string value = 1;
}
message TaskID {
  required string value = 1;
}
message ExecutorID {
  required string value = 1;
}
message ContainerID {
  required string value = 1;
  optional .mesos.v1.ContainerID parent = 2;
}
message OperationID {
  required string value = 1;
}
message ResourceProviderID {
  required string value = 1;
}
message TimeInfo {
  required int64 nanoseconds = 1;
}
message DurationInfo {
  required int64 nanoseconds = 1;
}
message Address {
  optional string hostname = 1;
  optional string ip = 2;
  required int32 port = 3;
}
message URL {
  required string scheme = 1;
  required .mesos.v1.Address address = 2;
  optional string path = 3;
  repeated .mesos.v1.Parameter query = 4;
  optional string fragment = 5;
}
message Unavailability {
  required .mesos.v1.TimeInfo start = 1;
  optional .mesos.v1.DurationInfo duration = 2;
}
message FrameworkInfo {
  required string user = 1;
  required string name = 2;
  optional .mesos.v1.FrameworkID id = 3;
  optional double failover_timeout = 4 [default = 0];
  optional bool checkpoint = 5 [default = false];
  optional string role = 6 [default = "*", deprecated = true];
  optional string hostname = 7;
  optional string principal = 8;
  optional string webui_url = 9;
  repeated .mesos.v1.FrameworkInfo.Capability capabilities = 10;
  optional .mesos.v1.Labels labels = 11;
  repeated string roles = 12;
  map<string, .mesos.v1.OfferFilters> offer_filters = 13;
  message Capability {
    optional .mesos.v1.FrameworkInfo.Capability.Type type = 1;
    enum Type {
      UNKNOWN = 0;
      REVOCABLE_RESOURCES = 1;
      TASK_KILLING_STATE = 2;
      GPU_RESOURCES = 3;
      SHARED_RESOURCES = 4;
      PARTITION_AWARE = 5;
      MULTI_ROLE = 6;
      RESERVATION_REFINEMENT = 7;
      REGION_AWARE = 8;
    }
  }
}
message OfferFilters {
  optional .mesos.v1.OfferFilters.MinAllocatableResources min_allocatable_resources = 1;
  message ResourceQuantities {
    map<string, .mesos.v1.Value.Scalar> quantities = 1;
  }
  message MinAllocatableResources {
    repeated .mesos.v1.OfferFilters.ResourceQuantities quantities = 1;
  }
}
message MasterInfo {
  required string id = 1;
  required uint32 ip = 2;
  required uint32 port = 3 [default = 5050];
  optional string pid = 4;
  optional string hostname = 5;
  optional string version = 6;
  optional .mesos.v1.Address address = 7;
  optional .mesos.v1.DomainInfo domain = 8;
  repeated .mesos.v1.MasterInfo.Capability capabilities = 9;
  message Capability {
    optional .mesos.v1.MasterInfo.Capability.Type type = 1;
    enum Type {
      UNKNOWN = 0;
      AGENT_UPDATE = 1;
      AGENT_DRAINING = 2;
      QUOTA_V2 = 3;
    }
  }
}
message AgentInfo {
  required string hostname = 1;
  repeated .mesos.v1.Resource resources = 3;
  repeated .mesos.v1.Attribute attributes = 5;
  optional .mesos.v1.AgentID id = 6;
  optional int32 port = 8 [default = 5051];
  optional .mesos.v1.DomainInfo domain = 10;
  message Capability {
    optional .mesos.v1.AgentInfo.Capability.Type type = 1;
    enum Type {
      UNKNOWN = 0;
      MULTI_ROLE = 1;
      HIERARCHICAL_ROLE = 2;
      RESERVATION_REFINEMENT = 3;
      RESOURCE_PROVIDER = 4;
      RESIZE_VOLUME = 5;
      AGENT_OPERATION_FEEDBACK = 6;
      AGENT_DRAINING = 7;
      TASK_RESOURCE_LIMITS = 8;
    }
  }
}
message DomainInfo {
  optional .mesos.v1.DomainInfo.FaultDomain fault_domain = 1;
  message FaultDomain {
    required .mesos.v1.DomainInfo.FaultDomain.RegionInfo region = 1;
    required .mesos.v1.DomainInfo.FaultDomain.ZoneInfo zone = 2;
    message RegionInfo {
      required string name = 1;
    }
    message ZoneInfo {
      required string name = 1;
    }
  }
}
message Value {
  required .mesos.v1.Value.Type type = 1;
  optional .mesos.v1.Value.Scalar scalar = 2;
  optional .mesos.v1.Value.Ranges ranges = 3;
  optional .mesos.v1.Value.Set set = 4;
  optional .mesos.v1.Value.Text text = 5;
  enum Type {
    SCALAR = 0;
    RANGES = 1;
    SET = 2;
    TEXT = 3;
  }
  message Scalar {
    required double value = 1;
  }
  message Range {
    required uint64 begin = 1;
    required uint64 end = 2;
  }
  message Ranges {
    repeated .mesos.v1.Value.Range range = 1;
  }
  message Set {
    repeated string item = 1;
  }
  message Text {
    required string value = 1;
  }
}
message Attribute {
  required string name = 1;
  required .mesos.v1.Value.Type type = 2;
  optional .mesos.v1.Value.Scalar scalar = 3;
  optional .mesos.v1.Value.Ranges ranges = 4;
  optional .mesos.v1.Value.Text text = 5;
  optional .mesos.v1.Value.Set set = 6;
}
message Parameter {
  required string key = 1;
  required string value = 2;
}
message Parameters {
  repeated .mesos.v1.Parameter parameter = 1;
}
message Labels {
  repeated .mesos.v1.Label labels = 1;
}
message Label {
  required string key = 1;
  optional string value = 2;
}
message Port {
  required uint32 number = 1;
  optional string name = 2;
  optional string protocol = 3;
  optional .mesos.v1.DiscoveryInfo.Visibility visibility = 4;
  optional .mesos.v1.Labels labels = 5;
}
message Ports {
  repeated .mesos.v1.Port ports = 1;
}
message DiscoveryInfo {
  required .mesos.v1.DiscoveryInfo.Visibility visibility = 1;
  optional string name = 2;
  optional string environment = 3;
  optional string location = 4;
  optional string version = 5;
  optional .mesos.v1.Ports ports = 6;
  optional .mesos.v1.Labels labels = 7;
  enum Visibility {
    FRAMEWORK = 0;
    CLUSTER = 1;
    EXTERNAL = 2;
  }
}
message UUID {
  required bytes value = 1;
}
message Credential {
  required string principal = 1;
  optional string secret = 2;
}
`;
