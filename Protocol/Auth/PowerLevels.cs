using System.Globalization;
using System.Text.Json;
using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Protocol.Auth;

/// <summary>
/// The power levels in force: an m.room.power_levels event read under its room version's value rules,
/// with the specification's defaults, and the room's creators.
/// </summary>
public sealed class PowerLevels
{
    /// <summary>The power of a v12 room creator: above every level a power levels event can hold.</summary>
    public const long Infinite = long.MaxValue;

    public const long DefaultBan = 50;
    public const long DefaultKick = 50;
    public const long DefaultRedact = 50;
    public const long DefaultInvite = 0;
    public const long DefaultStateWithEvent = 50;
    public const long DefaultNotificationRoom = 50;

    private readonly Dictionary<string, long> _users;
    private readonly Dictionary<string, long> _events;
    private readonly HashSet<string> _creators;

    private PowerLevels(RoomVersion version, Pdu? powerLevelsEvent, HashSet<string> creators)
    {
        RoomVersion = version;
        _creators = creators;
        Exists = powerLevelsEvent is not null;
        var content = powerLevelsEvent?.Content;
        Ban = Level(content, "ban", DefaultBan);
        Kick = Level(content, "kick", DefaultKick);
        Redact = Level(content, "redact", DefaultRedact);
        Invite = Level(content, "invite", DefaultInvite);
        StateDefault = Level(content, "state_default", Exists ? DefaultStateWithEvent : 0);
        EventsDefault = Level(content, "events_default", 0);
        UsersDefault = Level(content, "users_default", 0);
        _users = LevelMap(content, "users");
        _events = LevelMap(content, "events");
        Notifications = LevelMap(content, "notifications");
    }

    public RoomVersion RoomVersion { get; }

    /// <summary>Whether an m.room.power_levels event is in force (otherwise the no-event defaults apply).</summary>
    public bool Exists { get; }

    public long Ban { get; }

    public long Kick { get; }

    public long Redact { get; }

    public long Invite { get; }

    public long StateDefault { get; }

    public long EventsDefault { get; }

    public long UsersDefault { get; }

    public IReadOnlyDictionary<string, long> Users => _users;

    public IReadOnlyDictionary<string, long> Events => _events;

    public IReadOnlyDictionary<string, long> Notifications { get; }

    /// <summary>The room's creators: the create event's sender (content.creator before v11), plus additional_creators in v12.</summary>
    public IReadOnlySet<string> Creators => _creators;

    /// <summary>Reads the power levels from the state's power levels and create events.</summary>
    public static PowerLevels From(Pdu? powerLevelsEvent, Pdu? createEvent, RoomVersion version) =>
        new(version, powerLevelsEvent, CreatorsOf(createEvent, version));

    /// <summary>The creators named by a create event under <paramref name="version"/>'s rules.</summary>
    public static HashSet<string> CreatorsOf(Pdu? createEvent, RoomVersion version)
    {
        var creators = new HashSet<string>(StringComparer.Ordinal);
        if (createEvent is null)
            return creators;
        if (version.CreatorInContent)
        {
            if (createEvent.ContentString("creator") is { } creator)
                creators.Add(creator);
            return creators;
        }

        creators.Add(createEvent.Sender.Value);
        if (version.PrivilegesCreators && createEvent.Content.TryGetProperty("additional_creators", out var extra)
            && extra.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in extra.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String && UserId.IsValid(item.GetString()))
                    creators.Add(item.GetString()!);
            }
        }

        return creators;
    }

    /// <summary>A user's power level.</summary>
    public long UserLevel(string userId)
    {
        if (RoomVersion.PrivilegesCreators && _creators.Contains(userId))
            return Infinite;
        if (Exists)
            return _users.TryGetValue(userId, out var level) ? level : UsersDefault;
        return _creators.Contains(userId) ? 100 : UsersDefault;
    }

    /// <summary>The level required to send an event of <paramref name="type"/>.</summary>
    public long EventLevel(string type, bool isState) =>
        _events.TryGetValue(type, out var level) ? level : isState ? StateDefault : EventsDefault;

    /// <summary>The level needed to trigger a notification of <paramref name="kind"/> (for example "room").</summary>
    public long NotificationLevel(string kind) =>
        Notifications.TryGetValue(kind, out var level) ? level : kind == "room" ? DefaultNotificationRoom : 50;

    private long Level(JsonElement? content, string name, long fallback) =>
        content is { } c && c.TryGetProperty(name, out var value) && TryRead(value, RoomVersion, out var level) ? level : fallback;

    private Dictionary<string, long> LevelMap(JsonElement? content, string name)
    {
        var map = new Dictionary<string, long>(StringComparer.Ordinal);
        if (content is not { } c || !c.TryGetProperty(name, out var obj) || obj.ValueKind != JsonValueKind.Object)
            return map;
        foreach (var entry in obj.EnumerateObject())
        {
            if (TryRead(entry.Value, RoomVersion, out var level))
                map[entry.Name] = level;
        }

        return map;
    }

    /// <summary>
    /// Reads one power level value: an integer; in rooms v1–v9 also a string holding an integer
    /// (whitespace, a sign and leading zeros allowed); in rooms v1–v5 also a float, truncated.
    /// </summary>
    public static bool TryRead(JsonElement value, RoomVersion version, out long level)
    {
        level = 0;
        switch (value.ValueKind)
        {
            case JsonValueKind.Number when value.TryGetInt64(out level):
                return true;
            case JsonValueKind.Number when version.AcceptsFloatPowerLevels && value.TryGetDouble(out var d) && double.IsFinite(d):
                var truncated = Math.Truncate(d);
                level = truncated >= long.MaxValue ? long.MaxValue : truncated <= long.MinValue ? long.MinValue : (long)truncated;
                return true;
            case JsonValueKind.String when !version.RequiresIntegerPowerLevels:
                return TryParseStringLevel(value.GetString()!, out level);
            default:
                return false;
        }
    }

    /// <summary>True for a JSON integer, which is all rooms v10 and later accept.</summary>
    public static bool IsStrictInteger(JsonElement value) => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _);

    private static bool TryParseStringLevel(string text, out long level)
    {
        level = 0;
        var trimmed = text.AsSpan().Trim();
        var digits = trimmed.Length > 0 && trimmed[0] is '+' or '-' ? trimmed[1..] : trimmed;
        if (digits.IsEmpty || digits.IndexOfAnyExceptInRange('0', '9') >= 0)
            return false;
        return long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out level);
    }
}
