/**
 * Mesos v1 protobuf schema (proto2), package `mesos.v1`:
 * resources, offers and their operations, filters, operation status.
 * Written for k8sm from the field facts in mesos-v1/FIELDS.md (numbers, labels, defaults, enum
 * order); type references are fully qualified so nested names never shadow top-level ones.
 */
export const MESOS_OFFER_PROTO = `syntax = "proto2";
package mesos.v1;

message Resource {
  required string name = 1;
  required .mesos.v1.Value.Type type = 2;
  optional .mesos.v1.Value.Scalar scalar = 3;
  optional .mesos.v1.Value.Ranges ranges = 4;
  optional .mesos.v1.Value.Set set = 5;
  optional string role = 6 [default = "*", deprecated = true];
  optional .mesos.v1.Resource.DiskInfo disk = 7;
  optional .mesos.v1.Resource.ReservationInfo reservation = 8;
  optional .mesos.v1.Resource.RevocableInfo revocable = 9;
  optional .mesos.v1.Resource.SharedInfo shared = 10;
  optional .mesos.v1.Resource.AllocationInfo allocation_info = 11;
  optional .mesos.v1.ResourceProviderID provider_id = 12;
  repeated .mesos.v1.Resource.ReservationInfo reservations = 13;
  message AllocationInfo {
    optional string role = 1;
  }
  message ReservationInfo {
    optional string principal = 1;
    optional .mesos.v1.Labels labels = 2;
    optional string role = 3;
    optional .mesos.v1.Resource.ReservationInfo.Type type = 4;
    enum Type {
      UNKNOWN = 0;
      STATIC = 1;
      DYNAMIC = 2;
    }
  }
  message DiskInfo {
    optional .mesos.v1.Resource.DiskInfo.Persistence persistence = 1;
    optional .mesos.v1.Volume volume = 2;
    optional .mesos.v1.Resource.DiskInfo.Source source = 3;
    message Persistence {
      required string id = 1;
      optional string principal = 2;
    }
    message Source {
      required .mesos.v1.Resource.DiskInfo.Source.Type type = 1;
      optional .mesos.v1.Resource.DiskInfo.Source.Path path = 2;
      optional .mesos.v1.Resource.DiskInfo.Source.Mount mount = 3;
      optional string id = 4;
      optional .mesos.v1.Labels metadata = 5;
      optional string profile = 6;
      optional string vendor = 7;
      enum Type {
        UNKNOWN = 0;
        PATH = 1;
        MOUNT = 2;
        BLOCK = 3;
        RAW = 4;
      }
      message Path {
        optional string root = 1;
      }
      message Mount {
        optional string root = 1;
      }
    }
  }
  message RevocableInfo {}
  message SharedInfo {}
}
message Offer {
  required .mesos.v1.OfferID id = 1;
  required .mesos.v1.FrameworkID framework_id = 2;
  required .mesos.v1.AgentID agent_id = 3;
  required string hostname = 4;
  repeated .mesos.v1.Resource resources = 5;
  repeated .mesos.v1.ExecutorID executor_ids = 6;
  repeated .mesos.v1.Attribute attributes = 7;
  optional .mesos.v1.URL url = 8;
  optional .mesos.v1.Unavailability unavailability = 9;
  optional .mesos.v1.Resource.AllocationInfo allocation_info = 10;
  optional .mesos.v1.DomainInfo domain = 11;
  message Operation {
    optional .mesos.v1.Offer.Operation.Type type = 1;
    optional .mesos.v1.Offer.Operation.Launch launch = 2;
    optional .mesos.v1.Offer.Operation.Reserve reserve = 3;
    optional .mesos.v1.Offer.Operation.Unreserve unreserve = 4;
    optional .mesos.v1.Offer.Operation.Create create = 5;
    optional .mesos.v1.Offer.Operation.Destroy destroy = 6;
    optional .mesos.v1.Offer.Operation.LaunchGroup launch_group = 7;
    optional .mesos.v1.OperationID id = 12;
    optional .mesos.v1.Offer.Operation.GrowVolume grow_volume = 13;
    optional .mesos.v1.Offer.Operation.ShrinkVolume shrink_volume = 14;
    optional .mesos.v1.Offer.Operation.CreateDisk create_disk = 15;
    optional .mesos.v1.Offer.Operation.DestroyDisk destroy_disk = 16;
    enum Type {
      UNKNOWN = 0;
      LAUNCH = 1;
      LAUNCH_GROUP = 6;
      RESERVE = 2;
      UNRESERVE = 3;
      CREATE = 4;
      DESTROY = 5;
      GROW_VOLUME = 11;
      SHRINK_VOLUME = 12;
      CREATE_DISK = 13;
      DESTROY_DISK = 14;
    }
    message Launch {
      repeated .mesos.v1.TaskInfo task_infos = 1;
    }
    message LaunchGroup {
      required .mesos.v1.ExecutorInfo executor = 1;
      required .mesos.v1.TaskGroupInfo task_group = 2;
    }
    message Reserve {
      repeated .mesos.v1.Resource resources = 1;
      repeated .mesos.v1.Resource source = 2;
    }
    message Unreserve {
      repeated .mesos.v1.Resource resources = 1;
    }
    message Create {
      repeated .mesos.v1.Resource volumes = 1;
    }
    message Destroy {
      repeated .mesos.v1.Resource volumes = 1;
    }
    message GrowVolume {
      required .mesos.v1.Resource volume = 1;
      required .mesos.v1.Resource addition = 2;
    }
    message ShrinkVolume {
      required .mesos.v1.Resource volume = 1;
      required .mesos.v1.Value.Scalar subtract = 2;
    }
    message CreateDisk {
      required .mesos.v1.Resource source = 1;
      required .mesos.v1.Resource.DiskInfo.Source.Type target_type = 2;
      optional string target_profile = 3;
    }
    message DestroyDisk {
      required .mesos.v1.Resource source = 1;
    }
  }
}
message InverseOffer {
  required .mesos.v1.OfferID id = 1;
  optional .mesos.v1.URL url = 2;
  required .mesos.v1.FrameworkID framework_id = 3;
  optional .mesos.v1.AgentID agent_id = 4;
  required .mesos.v1.Unavailability unavailability = 5;
  repeated .mesos.v1.Resource resources = 6;
}
message Request {
  optional .mesos.v1.AgentID agent_id = 1;
  repeated .mesos.v1.Resource resources = 2;
}
message Filters {
  optional double refuse_seconds = 1 [default = 5];
}
message OperationStatus {
  optional .mesos.v1.OperationID operation_id = 1;
  required .mesos.v1.OperationState state = 2;
  optional string message = 3;
  repeated .mesos.v1.Resource converted_resources = 4;
  optional .mesos.v1.UUID uuid = 5;
  optional .mesos.v1.AgentID agent_id = 6;
  optional .mesos.v1.ResourceProviderID resource_provider_id = 7;
}
enum OperationState {
  OPERATION_UNSUPPORTED = 0;
  OPERATION_PENDING = 1;
  OPERATION_FINISHED = 2;
  OPERATION_FAILED = 3;
  OPERATION_ERROR = 4;
  OPERATION_DROPPED = 5;
  OPERATION_UNREACHABLE = 6;
  OPERATION_GONE_BY_OPERATOR = 7;
  OPERATION_RECOVERING = 8;
  OPERATION_UNKNOWN = 9;
}
`;
