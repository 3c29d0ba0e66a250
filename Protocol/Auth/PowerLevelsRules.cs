using System.Text.Json;
using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;

namespace Tangle.Protocol.Auth;

/// <summary>Auth rule 10: what an m.room.power_levels event may contain and change.</summary>
internal static class PowerLevelsRules
{
    private static readonly string[] Levels = ["users_default", "events_default", "state_default", "ban", "redact", "kick", "invite"];

    public static AuthResult Check(Pdu pdu, Pdu? previous, PowerLevels current, long senderLevel)
    {
        var version = pdu.RoomVersion;
        var content = pdu.Content;

        if (version.RequiresIntegerPowerLevels)
        {
            foreach (var name in Levels)
            {
                if (content.TryGetProperty(name, out var value) && !PowerLevels.IsStrictInteger(value))
                    return AuthResult.Reject(AuthRule.PowerLevelsNotInteger, $"{name} must be an integer");
            }

            foreach (var name in (string[])["events", "notifications"])
            {
                if (content.TryGetProperty(name, out var map)
                    && (map.ValueKind != JsonValueKind.Object || map.EnumerateObject().Any(e => !PowerLevels.IsStrictInteger(e.Value))))
                    return AuthResult.Reject(AuthRule.PowerLevelsInvalidMap, $"{name} must be an object of integers");
            }
        }

        if (content.TryGetProperty("users", out var users))
        {
            if (users.ValueKind != JsonValueKind.Object)
                return AuthResult.Reject(AuthRule.PowerLevelsInvalidUsers, "users must be an object");
            foreach (var user in users.EnumerateObject())
            {
                if (!UserId.IsValid(user.Name) || !PowerLevels.TryRead(user.Value, version, out _))
                    return AuthResult.Reject(AuthRule.PowerLevelsInvalidUsers, $"users entry {user.Name} is not a user id with an integer level");
                if (version.PrivilegesCreators && current.Creators.Contains(user.Name))
                    return AuthResult.Reject(AuthRule.PowerLevelsNamesCreator, $"{user.Name} is a room creator and cannot appear in users");
            }
        }

        if (previous is null)
            return AuthResult.Allowed;

        foreach (var name in Levels)
        {
            var change = Compare(previous.Content, content, name, version);
            if (change.Invalid)
                return AuthResult.Reject(AuthRule.PowerLevelsNotInteger, $"{name} is not a power level");
            if (!change.Changed)
                continue;
            if (change.Old > senderLevel || change.New > senderLevel)
                return AuthResult.Reject(AuthRule.PowerLevelsChangeAboveSender, $"changing {name} from {change.Old?.ToString() ?? "unset"} to {change.New?.ToString() ?? "unset"} needs more than power {senderLevel}");
        }

        var maps = version.LimitsNotificationsPowerLevels ? (string[])["events", "notifications"] : ["events"];
        foreach (var map in maps)
        {
            foreach (var (key, change) in CompareMaps(previous.Content, content, map, version))
            {
                if (change.Invalid)
                    return AuthResult.Reject(AuthRule.PowerLevelsInvalidMap, $"{map}.{key} is not a power level");
                if (change.Old > senderLevel || change.New > senderLevel)
                    return AuthResult.Reject(AuthRule.PowerLevelsEventChangeAboveSender, $"changing {map}.{key} needs more than power {senderLevel}");
            }
        }

        foreach (var (user, change) in CompareMaps(previous.Content, content, "users", version))
        {
            if (change.Invalid)
                return AuthResult.Reject(AuthRule.PowerLevelsInvalidUsers, $"users.{user} is not a power level");
            if (user != pdu.Sender.Value && change.Old >= senderLevel)
                return AuthResult.Reject(AuthRule.PowerLevelsUserNotBelowSender, $"{user} has power {change.Old}, not below the sender's {senderLevel}");
            if (change.New > senderLevel)
                return AuthResult.Reject(AuthRule.PowerLevelsUserAboveSender, $"{user} cannot be given power {change.New}, above the sender's {senderLevel}");
        }

        return AuthResult.Allowed;
    }

    private readonly record struct Change(long? Old, long? New, bool Invalid)
    {
        public bool Changed => Old != New;
    }

    private static Change Compare(JsonElement before, JsonElement after, string name, Rooms.RoomVersion version)
    {
        var old = Read(before, name, version, out var oldInvalid);
        var @new = Read(after, name, version, out var newInvalid);
        return new Change(old, @new, oldInvalid || newInvalid);
    }

    private static long? Read(JsonElement content, string name, Rooms.RoomVersion version, out bool invalid)
    {
        invalid = false;
        if (!content.TryGetProperty(name, out var value))
            return null;
        if (PowerLevels.TryRead(value, version, out var level))
            return level;
        invalid = true;
        return null;
    }

    /// <summary>The entries of a level map that were added, changed or removed.</summary>
    private static IEnumerable<(string Key, Change Change)> CompareMaps(JsonElement before, JsonElement after, string name, Rooms.RoomVersion version)
    {
        var old = MapOf(before, name);
        var @new = MapOf(after, name);
        foreach (var key in old.Keys.Union(@new.Keys, StringComparer.Ordinal))
        {
            long? oldLevel = null, newLevel = null;
            var invalid = false;
            if (old.TryGetValue(key, out var o))
            {
                if (PowerLevels.TryRead(o, version, out var l))
                    oldLevel = l;
                else
                    invalid = true;
            }

            if (@new.TryGetValue(key, out var n))
            {
                if (PowerLevels.TryRead(n, version, out var l))
                    newLevel = l;
                else
                    invalid = true;
            }

            var change = new Change(oldLevel, newLevel, invalid);
            if (change.Changed || invalid)
                yield return (key, change);
        }
    }

    private static Dictionary<string, JsonElement> MapOf(JsonElement content, string name)
    {
        var map = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (content.TryGetProperty(name, out var obj) && obj.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in obj.EnumerateObject())
                map[entry.Name] = entry.Value;
        }

        return map;
    }
}
