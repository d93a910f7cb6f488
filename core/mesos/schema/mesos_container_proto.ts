/**
 * Mesos v1 protobuf schema (proto2), package `mesos.v1`:
 * containers, images, volumes, networks, Linux settings.
 * Written for k8sm from the field facts in mesos-v1/FIELDS.md (numbers, labels, defaults, enum
 * order); type references are fully qualified so nested names never shadow top-level ones.
 */
export const MESOS_CONTAINER_PROTO = `syntax = "proto2";
package mesos.v1;

message ContainerInfo {
  required .mesos.v1.ContainerInfo.Type type = 1;
  repeated .mesos.v1.Volume volumes = 2;
  optional .mesos.v1.ContainerInfo.DockerInfo docker = 3;
  optional string hostname = 4;
  optional .mesos.v1.ContainerInfo.MesosInfo mesos = 5;
  repeated .mesos.v1.NetworkInfo network_infos = 7;
  optional .mesos.v1.LinuxInfo linux_info = 8;
  optional .mesos.v1.RLimitInfo rlimit_info = 9;
  optional .mesos.v1.TTYInfo tty_info = 10;
  enum Type {
    DOCKER = 1;
    MESOS = 2;
  }
  message DockerInfo {
    required string image = 1;
    optional .mesos.v1.ContainerInfo.DockerInfo.Network network = 2 [default = HOST];
    repeated .mesos.v1.ContainerInfo.DockerInfo.PortMapping port_mappings = 3;
    optional bool privileged = 4 [default = false];
    repeated .mesos.v1.Parameter parameters = 5;
    optional bool force_pull_image = 6;
    optional string volume_driver = 7 [deprecated = true];
    enum Network {
      HOST = 1;
      BRIDGE = 2;
      NONE = 3;
      USER = 4;
    }
    message PortMapping {
      required uint32 host_port = 1;
      required uint32 container_port = 2;
      optional string protocol = 3;
    }
  }
  message MesosInfo {
    optional .mesos.v1.Image image = 1;
  }
}
message Image {
  required .mesos.v1.Image.Type type = 1;
  optional .mesos.v1.Image.Appc appc = 2;
  optional .mesos.v1.Image.Docker docker = 3;
  optional bool cached = 4 [default = true];
  enum Type {
    APPC = 1;
    DOCKER = 2;
  }
  message Appc {
    required string name = 1;
    optional string id = 2;
    optional .mesos.v1.Labels labels = 3;
  }
  message Docker {
    required string name = 1;
    optional .mesos.v1.Credential credential = 2 [deprecated = true];
    optional .mesos.v1.Secret config = 3;
  }
}
message Volume {
  required string container_path = 1;
  optional string host_path = 2;
  required .mesos.v1.Volume.Mode mode = 3;
  optional .mesos.v1.Image image = 4;
  optional .mesos.v1.Volume.Source source = 5;
  enum Mode {
    RW = 1;
    RO = 2;
  }
  message Source {
    optional .mesos.v1.Volume.Source.Type type = 1;
    optional .mesos.v1.Volume.Source.DockerVolume docker_volume = 2;
    optional .mesos.v1.Volume.Source.SandboxPath sandbox_path = 3;
    optional .mesos.v1.Secret secret = 4;
    optional .mesos.v1.Volume.Source.HostPath host_path = 5;
    optional .mesos.v1.Volume.Source.CSIVolume csi_volume = 6;
    enum Type {
      UNKNOWN = 0;
      DOCKER_VOLUME = 1;
      HOST_PATH = 4;
      SANDBOX_PATH = 2;
      SECRET = 3;
      CSI_VOLUME = 5;
    }
    message DockerVolume {
      optional string driver = 1;
      required string name = 2;
      optional .mesos.v1.Parameters driver_options = 3;
    }
    message HostPath {
      required string path = 1;
      optional .mesos.v1.MountPropagation mount_propagation = 2;
    }
    message SandboxPath {
      optional .mesos.v1.Volume.Source.SandboxPath.Type type = 1;
      required string path = 2;
      enum Type {
        UNKNOWN = 0;
        SELF = 1;
        PARENT = 2;
      }
    }
    message CSIVolume {
      required string plugin_name = 1;
      optional .mesos.v1.Volume.Source.CSIVolume.StaticProvisioning static_provisioning = 2;
      message VolumeCapability {
        required .mesos.v1.Volume.Source.CSIVolume.VolumeCapability.AccessMode access_mode = 3;
        oneof access_type {
          .mesos.v1.Volume.Source.CSIVolume.VolumeCapability.BlockVolume block = 1;
          .mesos.v1.Volume.Source.CSIVolume.VolumeCapability.MountVolume mount = 2;
        }
        message BlockVolume {}
        message MountVolume {
          optional string fs_type = 1;
          repeated string mount_flags = 2;
        }
        message AccessMode {
          required .mesos.v1.Volume.Source.CSIVolume.VolumeCapability.AccessMode.Mode mode = 1;
          enum Mode {
            UNKNOWN = 0;
            SINGLE_NODE_WRITER = 1;
            SINGLE_NODE_READER_ONLY = 2;
            MULTI_NODE_READER_ONLY = 3;
            MULTI_NODE_SINGLE_WRITER = 4;
            MULTI_NODE_MULTI_WRITER = 5;
          }
        }
      }
      message StaticProvisioning {
        required string volume_id = 1;
        required .mesos.v1.Volume.Source.CSIVolume.VolumeCapability volume_capability = 2;
        map<string, .mesos.v1.Secret> node_stage_secrets = 3;
        map<string, .mesos.v1.Secret> node_publish_secrets = 4;
        map<string, string> volume_context = 5;
      }
    }
  }
}
message NetworkInfo {
  repeated string groups = 3;
  optional .mesos.v1.Labels labels = 4;
  repeated .mesos.v1.NetworkInfo.IPAddress ip_addresses = 5;
  optional string name = 6;
  repeated .mesos.v1.NetworkInfo.PortMapping port_mappings = 7;
  enum Protocol {
    IPv4 = 1;
    IPv6 = 2;
  }
  message IPAddress {
    optional .mesos.v1.NetworkInfo.Protocol protocol = 1 [default = IPv4];
    optional string ip_address = 2;
  }
  message PortMapping {
    required uint32 host_port = 1;
    required uint32 container_port = 2;
    optional string protocol = 3;
  }
}
message MountPropagation {
  optional .mesos.v1.MountPropagation.Mode mode = 1;
  enum Mode {
    UNKNOWN = 0;
    HOST_TO_CONTAINER = 1;
    BIDIRECTIONAL = 2;
  }
}
message LinuxInfo {
  optional .mesos.v1.CapabilityInfo capability_info = 1 [deprecated = true];
  optional .mesos.v1.CapabilityInfo bounding_capabilities = 2;
  optional .mesos.v1.CapabilityInfo effective_capabilities = 3;
  optional bool share_pid_namespace = 4;
  optional .mesos.v1.SeccompInfo seccomp = 5;
  optional .mesos.v1.LinuxInfo.IpcMode ipc_mode = 6;
  optional uint32 shm_size = 7;
  optional bool share_cgroups = 8 [default = true];
  enum IpcMode {
    UNKNOWN = 0;
    PRIVATE = 1;
    SHARE_PARENT = 2;
  }
}
message CapabilityInfo {
  repeated .mesos.v1.CapabilityInfo.Capability capabilities = 1;
  enum Capability {
    UNKNOWN = 0;
    CHOWN = 1000;
    DAC_OVERRIDE = 1001;
    DAC_READ_SEARCH = 1002;
    FOWNER = 1003;
    FSETID = 1004;
    KILL = 1005;
    SETGID = 1006;
    SETUID = 1007;
    SETPCAP = 1008;
    LINUX_IMMUTABLE = 1009;
    NET_BIND_SERVICE = 1010;
    NET_BROADCAST = 1011;
    NET_ADMIN = 1012;
    NET_RAW = 1013;
    IPC_LOCK = 1014;
    IPC_OWNER = 1015;
    SYS_MODULE = 1016;
    SYS_RAWIO = 1017;
    SYS_CHROOT = 1018;
    SYS_PTRACE = 1019;
    SYS_PACCT = 1020;
    SYS_ADMIN = 1021;
    SYS_BOOT = 1022;
    SYS_NICE = 1023;
    SYS_RESOURCE = 1024;
    SYS_TIME = 1025;
    SYS_TTY_CONFIG = 1026;
    MKNOD = 1027;
    LEASE = 1028;
    AUDIT_WRITE = 1029;
    AUDIT_CONTROL = 1030;
    SETFCAP = 1031;
    MAC_OVERRIDE = 1032;
    MAC_ADMIN = 1033;
    SYSLOG = 1034;
    WAKE_ALARM = 1035;
    BLOCK_SUSPEND = 1036;
    AUDIT_READ = 1037;
    PERFMON = 1038;
    BPF = 1039;
    CHECKPOINT_RESTORE = 1040;
  }
}
message RLimitInfo {
  repeated .mesos.v1.RLimitInfo.RLimit rlimits = 1;
  message RLimit {
    optional .mesos.v1.RLimitInfo.RLimit.Type type = 1;
    optional uint64 hard = 2;
    optional uint64 soft = 3;
    enum Type {
      UNKNOWN = 0;
      RLMT_AS = 1;
      RLMT_CORE = 2;
      RLMT_CPU = 3;
      RLMT_DATA = 4;
      RLMT_FSIZE = 5;
      RLMT_LOCKS = 6;
      RLMT_MEMLOCK = 7;
      RLMT_MSGQUEUE = 8;
      RLMT_NICE = 9;
      RLMT_NOFILE = 10;
      RLMT_NPROC = 11;
      RLMT_RSS = 12;
      RLMT_RTPRIO = 13;
      RLMT_RTTIME = 14;
      RLMT_SIGPENDING = 15;
      RLMT_STACK = 16;
    }
  }
}
message TTYInfo {
  optional .mesos.v1.TTYInfo.WindowSize window_size = 1;
  message WindowSize {
    required uint32 rows = 1;
    required uint32 columns = 2;
  }
}
// FIELDS.md names CgroupInfo (ContainerStatus.cgroup_info) and SeccompInfo (LinuxInfo.seccomp)
// without describing them: declared empty, so their contents are skipped when decoding.
message CgroupInfo {}
message SeccompInfo {}
`;
