using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Json;

namespace Tangle.Protocol.Rooms;

/// <summary>Which state resolution algorithm a room version uses.</summary>
public enum StateResolutionAlgorithm
{
    /// <summary>The original algorithm of room version 1.</summary>
    V1,

    /// <summary>State resolution v2, rooms 2 to 11.</summary>
    V2,

    /// <summary>v2.1 (room 12): empty starting state and the conflicted state subgraph.</summary>
    V2_1,
}

/// <summary>Whether a room version is recommended for new rooms.</summary>
public enum RoomVersionStability
{
    Stable,
    Unstable,
}

/// <summary>
/// Everything that differs between room versions, as data. Algorithms consult these flags rather than
/// comparing version numbers, so each rule's origin is named where it is used.
/// </summary>
public sealed record RoomVersion
{
    /// <summary>The identifier clients and servers exchange, such as "11".</summary>
    public required string Id { get; init; }

    public RoomVersionStability Stability { get; init; } = RoomVersionStability.Stable;

    public required EventIdFormat EventIdFormat { get; init; }

    public required StateResolutionAlgorithm StateResolution { get; init; }

    public required RedactionRules Redaction { get; init; }

    /// <summary>v6+: events must be canonical JSON (integers in range, no floats); v1–5 tolerate more.</summary>
    public bool EnforcesCanonicalJson { get; init; }

    /// <summary>v5+: a signing key's valid_until_ts must cover the event's origin_server_ts.</summary>
    public bool EnforcesKeyValidity { get; init; }

    /// <summary>v1–2: auth_events and prev_events are [event_id, hashes] pairs and events carry their id.</summary>
    public bool HasEventIdInEvent => EventIdFormat == EventIdFormat.OpaqueWithServer;

    /// <summary>v1–5: the auth rules special-case m.room.aliases (state key must be the sender's server).</summary>
    public bool SpecialCasesAliases { get; init; }

    /// <summary>v1–2: redactions are subject to auth rule 11 (redact level or same server).</summary>
    public bool AuthorizesRedactionsByRule { get; init; }

    /// <summary>v6+: the notifications property of m.room.power_levels is checked like events.</summary>
    public bool LimitsNotificationsPowerLevels { get; init; }

    /// <summary>v7+: knocking is a membership and a join rule.</summary>
    public bool SupportsKnocking { get; init; }

    /// <summary>v8+: the restricted join rule and join_authorised_via_users_server.</summary>
    public bool SupportsRestrictedJoins { get; init; }

    /// <summary>v10+: the knock_restricted join rule.</summary>
    public bool SupportsKnockRestricted { get; init; }

    /// <summary>v10+: power levels must be JSON integers; v1–9 also accept strings holding integers.</summary>
    public bool RequiresIntegerPowerLevels { get; init; }

    /// <summary>v1–5: power level values may be floats, truncated towards zero.</summary>
    public bool AcceptsFloatPowerLevels { get; init; }

    /// <summary>v1–10: the room creator is content.creator of m.room.create, which must be present.</summary>
    public bool CreatorInContent { get; init; }

    /// <summary>v11+: m.room.redaction carries redacts in content rather than at the top level.</summary>
    public bool RedactsInContent { get; init; }

    /// <summary>v1–11: m.room.create is selected as an auth event and must be among them.</summary>
    public bool CreateEventIsAuthEvent { get; init; } = true;

    /// <summary>v12: the room id is the create event's id with a '!' sigil; the create event has no room_id.</summary>
    public bool RoomIdIsCreateEventHash { get; init; }

    /// <summary>v12: creators (sender and additional_creators) have infinite power and never appear in users.</summary>
    public bool PrivilegesCreators { get; init; }

    /// <summary>The number policy for events in this version.</summary>
    public NumberPolicy Numbers => EnforcesCanonicalJson ? NumberPolicy.CanonicalIntegers : NumberPolicy.Lenient;

    public override string ToString() => Id;
}
