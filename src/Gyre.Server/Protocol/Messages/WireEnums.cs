using System.Text.Json.Serialization;
using Gyre.Server.Protocol.Json;

namespace Gyre.Server.Protocol.Messages;

// Proto enums as they travel: names and numbers exactly as service.proto / model_registry.proto define them.
#pragma warning disable CA1707 // names are the wire spelling

[JsonConverter(typeof(ProtoEnumConverter<WireRunStatus>))]
public enum WireRunStatus { RUNNING = 1, SCHEDULED = 2, FINISHED = 3, FAILED = 4, KILLED = 5 }

[JsonConverter(typeof(ProtoEnumConverter<WireViewType>))]
public enum WireViewType { ACTIVE_ONLY = 1, DELETED_ONLY = 2, ALL = 3 }

[JsonConverter(typeof(ProtoEnumConverter<WireModelVersionStatus>))]
public enum WireModelVersionStatus { PENDING_REGISTRATION = 1, FAILED_REGISTRATION = 2, READY = 3 }

[JsonConverter(typeof(ProtoEnumConverter<WireLoggedModelStatus>))]
public enum WireLoggedModelStatus { LOGGED_MODEL_STATUS_UNSPECIFIED = 0, LOGGED_MODEL_PENDING = 1, LOGGED_MODEL_READY = 2, LOGGED_MODEL_UPLOAD_FAILED = 3 }
