using System.Text.Json;

namespace Tangle.Grains.Accounts;

/// <summary>What an account grain persists: small, written whole on each change.</summary>
[GenerateSerializer]
public sealed class AccountState
{
    [Id(0)] public string? PasswordHash { get; set; }
    [Id(1)] public bool Admin { get; set; }
    [Id(2)] public bool Guest { get; set; }
    [Id(3)] public bool Deactivated { get; set; }
    [Id(4)] public long CreatedTs { get; set; }
    [Id(5)] public Dictionary<string, DeviceRecord> Devices { get; set; } = new(StringComparer.Ordinal);
    [Id(6)] public string? DisplayName { get; set; }
    [Id(7)] public string? AvatarUrl { get; set; }
    [Id(8)] public Dictionary<string, AccountDataRecord> AccountData { get; set; } = new(StringComparer.Ordinal);
    [Id(9)] public long AccountDataSerial { get; set; }
    [Id(10)] public Dictionary<string, string> Filters { get; set; } = new(StringComparer.Ordinal);
    [Id(11)] public int NextFilterId { get; set; }
    /// <summary>The user's changes to the default push rules, as <see cref="Protocol.Push.PushRuleChanges"/> JSON.</summary>
    [Id(12)] public string? PushRuleChanges { get; set; }
    /// <summary>The account data serial of the last push rule change; 0 while the rules are the defaults.</summary>
    [Id(13)] public long PushRulesSerial { get; set; }

    public bool Exists => PasswordHash is not null || Guest;
}

/// <summary>A device and the hash of its current access token.</summary>
[GenerateSerializer]
public sealed record DeviceRecord(
    [property: Id(0)] string DeviceId,
    [property: Id(1)] string? DisplayName,
    [property: Id(2)] string TokenHash,
    [property: Id(3)] long CreatedTs,
    [property: Id(4)] string? LastSeenIp,
    [property: Id(5)] long? LastSeenTs);

/// <summary>Account data; the key is "type" for global data and "roomId\ntype" for a room's.</summary>
[GenerateSerializer]
public sealed record AccountDataRecord(
    [property: Id(0)] string? RoomId,
    [property: Id(1)] string Type,
    [property: Id(2)] string ContentJson,
    [property: Id(3)] long Serial)
{
    public JsonElement Content => JsonDocument.Parse(ContentJson).RootElement.Clone();
}
