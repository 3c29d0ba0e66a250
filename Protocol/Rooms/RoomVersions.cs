using System.Collections.Frozen;
using Tangle.Protocol.Identifiers;

namespace Tangle.Protocol.Rooms;

/// <summary>The room versions Tangle implements, 1 to 12, and the rules that tell them apart.</summary>
public static class RoomVersions
{
    private static readonly FrozenSet<string> LegacyTopLevel = RedactionRules.Keys(
        "event_id", "type", "room_id", "sender", "state_key", "content", "hashes", "signatures", "depth",
        "prev_events", "prev_state", "auth_events", "origin", "origin_server_ts", "membership");

    private static readonly FrozenSet<string> V11TopLevel = RedactionRules.Keys(
        "event_id", "type", "room_id", "sender", "state_key", "content", "hashes", "signatures", "depth",
        "prev_events", "auth_events", "origin_server_ts");

    private static readonly string[] PowerLevelKeys =
        ["ban", "events", "events_default", "kick", "redact", "state_default", "users", "users_default"];

    /// <summary>v1–v5.</summary>
    private static readonly RedactionRules V1Redaction = new()
    {
        TopLevelKeys = LegacyTopLevel,
        ContentKeys = new Dictionary<string, FrozenSet<string>>
        {
            [EventTypes.Member] = RedactionRules.Keys("membership"),
            [EventTypes.Create] = RedactionRules.Keys("creator"),
            [EventTypes.JoinRules] = RedactionRules.Keys("join_rule"),
            [EventTypes.PowerLevels] = RedactionRules.Keys(PowerLevelKeys),
            [EventTypes.Aliases] = RedactionRules.Keys("aliases"),
            [EventTypes.HistoryVisibility] = RedactionRules.Keys("history_visibility"),
        }.ToFrozenDictionary(StringComparer.Ordinal),
    };

    /// <summary>v6–v7: m.room.aliases loses its special meaning.</summary>
    private static readonly RedactionRules V6Redaction = V1Redaction with
    {
        ContentKeys = V1Redaction.ContentKeys.Where(kv => kv.Key != EventTypes.Aliases).ToFrozenDictionary(StringComparer.Ordinal),
    };

    /// <summary>v8: join rules keep allow.</summary>
    private static readonly RedactionRules V8Redaction = V6Redaction with
    {
        ContentKeys = With(V6Redaction.ContentKeys, EventTypes.JoinRules, "join_rule", "allow"),
    };

    /// <summary>v9–v10: member events keep join_authorised_via_users_server.</summary>
    private static readonly RedactionRules V9Redaction = V8Redaction with
    {
        ContentKeys = With(V8Redaction.ContentKeys, EventTypes.Member, "membership", "join_authorised_via_users_server"),
    };

    /// <summary>v11+: origin, membership and prev_state are no longer protected; create keeps everything.</summary>
    private static readonly RedactionRules V11Redaction = new()
    {
        TopLevelKeys = V11TopLevel,
        ContentKeys = new Dictionary<string, FrozenSet<string>>
        {
            [EventTypes.Member] = RedactionRules.Keys("membership", "join_authorised_via_users_server"),
            [EventTypes.JoinRules] = RedactionRules.Keys("join_rule", "allow"),
            [EventTypes.PowerLevels] = RedactionRules.Keys([.. PowerLevelKeys, "invite"]),
            [EventTypes.HistoryVisibility] = RedactionRules.Keys("history_visibility"),
            [EventTypes.Redaction] = RedactionRules.Keys("redacts"),
        }.ToFrozenDictionary(StringComparer.Ordinal),
        KeepsAllCreateContent = true,
        KeepsThirdPartyInviteSigned = true,
    };

    public static readonly RoomVersion V1 = new()
    {
        Id = "1",
        EventIdFormat = EventIdFormat.OpaqueWithServer,
        StateResolution = StateResolutionAlgorithm.V1,
        Redaction = V1Redaction,
        SpecialCasesAliases = true,
        AuthorizesRedactionsByRule = true,
        AcceptsFloatPowerLevels = true,
        CreatorInContent = true,
    };

    public static readonly RoomVersion V2 = V1 with { Id = "2", StateResolution = StateResolutionAlgorithm.V2 };

    public static readonly RoomVersion V3 = V2 with
    {
        Id = "3",
        EventIdFormat = EventIdFormat.Base64ReferenceHash,
        AuthorizesRedactionsByRule = false,
    };

    public static readonly RoomVersion V4 = V3 with { Id = "4", EventIdFormat = EventIdFormat.UrlSafeBase64ReferenceHash };

    public static readonly RoomVersion V5 = V4 with { Id = "5", EnforcesKeyValidity = true };

    public static readonly RoomVersion V6 = V5 with
    {
        Id = "6",
        Redaction = V6Redaction,
        EnforcesCanonicalJson = true,
        SpecialCasesAliases = false,
        LimitsNotificationsPowerLevels = true,
        AcceptsFloatPowerLevels = false,
    };

    public static readonly RoomVersion V7 = V6 with { Id = "7", SupportsKnocking = true };

    public static readonly RoomVersion V8 = V7 with { Id = "8", Redaction = V8Redaction, SupportsRestrictedJoins = true };

    public static readonly RoomVersion V9 = V8 with { Id = "9", Redaction = V9Redaction };

    public static readonly RoomVersion V10 = V9 with
    {
        Id = "10",
        SupportsKnockRestricted = true,
        RequiresIntegerPowerLevels = true,
    };

    public static readonly RoomVersion V11 = V10 with
    {
        Id = "11",
        Redaction = V11Redaction,
        CreatorInContent = false,
        RedactsInContent = true,
    };

    public static readonly RoomVersion V12 = V11 with
    {
        Id = "12",
        StateResolution = StateResolutionAlgorithm.V2_1,
        CreateEventIsAuthEvent = false,
        RoomIdIsCreateEventHash = true,
        PrivilegesCreators = true,
    };

    /// <summary>Every version Tangle implements, oldest first.</summary>
    public static readonly IReadOnlyList<RoomVersion> All = [V1, V2, V3, V4, V5, V6, V7, V8, V9, V10, V11, V12];

    private static readonly FrozenDictionary<string, RoomVersion> ById = All.ToFrozenDictionary(v => v.Id, StringComparer.Ordinal);

    /// <summary>The version new rooms get unless configured otherwise.</summary>
    public static RoomVersion Default => V11;

    /// <summary>Finds a version by its identifier; null if Tangle does not implement it.</summary>
    public static RoomVersion? Find(string? id) => id is not null && ById.TryGetValue(id, out var version) ? version : null;

    /// <summary>Finds a version by its identifier, or explains that it is unsupported.</summary>
    public static Result<RoomVersion> Get(string? id) =>
        Find(id) is { } version
            ? version
            : new ProtocolError(ProtocolErrorKind.UnsupportedRoomVersion, $"room version '{id}' is not supported");

    private static FrozenDictionary<string, FrozenSet<string>> With(FrozenDictionary<string, FrozenSet<string>> map, string type, params string[] keys)
    {
        var copy = map.ToDictionary(StringComparer.Ordinal);
        copy[type] = RedactionRules.Keys(keys);
        return copy.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
