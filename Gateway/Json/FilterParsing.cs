using System.Text.Json;
using Tangle.Grains;
using Tangle.Grains.Accounts;
using Tangle.Grains.Rooms;
using Tangle.Grains.Sync;
using Tangle.Protocol.Json;

namespace Tangle.Gateway.Json;

/// <summary>Reads Matrix filter definitions (inline JSON or a stored filter id) into the grains' filter types.</summary>
internal static class FilterParsing
{
    /// <summary>The sync filter named by the filter query parameter: inline JSON if it starts with '{', otherwise an id.</summary>
    public static async Task<SyncFilter> SyncFilterAsync(string? filter, IAccountGrain account)
    {
        if (string.IsNullOrEmpty(filter))
            return SyncFilter.Default;
        JsonElement definition;
        if (filter.TrimStart().StartsWith('{'))
        {
            var parsed = StrictJson.Parse(filter);
            definition = parsed.IsOk ? parsed.Value : throw MatrixException.BadJson("filter is not valid JSON: " + parsed.Error!.Message);
        }
        else
        {
            definition = await account.GetFilterAsync(filter) ?? throw MatrixException.NotFound("unknown filter");
        }

        return ParseSyncFilter(definition);
    }

    public static SyncFilter ParseSyncFilter(JsonElement definition)
    {
        var room = Child(definition, "room");
        var timeline = ParseRoomEventFilter(Child(room, "timeline"));
        return new SyncFilter
        {
            Timeline = timeline with { Limit = timeline.Limit ?? 10 },
            State = ParseRoomEventFilter(Child(room, "state")),
            Ephemeral = ParseRoomEventFilter(Child(room, "ephemeral")),
            RoomAccountData = ParseRoomEventFilter(Child(room, "account_data")),
            AccountData = ParseRoomEventFilter(Child(definition, "account_data")),
            Presence = ParseRoomEventFilter(Child(definition, "presence")),
            Rooms = StringList(room, "rooms"),
            NotRooms = StringList(room, "not_rooms") ?? [],
            IncludeLeave = room.ValueKind == JsonValueKind.Object && room.TryGetProperty("include_leave", out var leave) && leave.ValueKind == JsonValueKind.True,
        };
    }

    /// <summary>A RoomEventFilter from its JSON; undefined fields mean "no restriction".</summary>
    public static RoomEventFilter ParseRoomEventFilter(JsonElement filter)
    {
        if (filter.ValueKind != JsonValueKind.Object)
            return Tangle.Grains.Rooms.RoomEventFilter.None;
        int? limit = filter.TryGetProperty("limit", out var l) && l.ValueKind == JsonValueKind.Number && l.TryGetInt32(out var n)
            ? Math.Clamp(n, 0, 1000)
            : null;
        return new RoomEventFilter
        {
            Types = StringList(filter, "types"),
            NotTypes = StringList(filter, "not_types") ?? [],
            Senders = StringList(filter, "senders"),
            NotSenders = StringList(filter, "not_senders") ?? [],
            LazyLoadMembers = Flag(filter, "lazy_load_members"),
            IncludeRedundantMembers = Flag(filter, "include_redundant_members"),
            ContainsUrl = filter.TryGetProperty("contains_url", out var url) && url.ValueKind is JsonValueKind.True or JsonValueKind.False ? url.GetBoolean() : null,
            Limit = limit,
            UnreadThreadNotifications = Flag(filter, "unread_thread_notifications"),
        };
    }

    /// <summary>The filter query parameter of /messages and /context.</summary>
    public static RoomEventFilter ParseRoomEventFilter(string? json)
    {
        if (string.IsNullOrEmpty(json))
            return Tangle.Grains.Rooms.RoomEventFilter.None;
        var parsed = StrictJson.Parse(json);
        return parsed.IsOk ? ParseRoomEventFilter(parsed.Value) : throw MatrixException.BadJson("filter is not valid JSON: " + parsed.Error!.Message);
    }

    private static JsonElement Child(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var child) ? child : default;

    private static bool Flag(JsonElement filter, string name) =>
        filter.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static IReadOnlyList<string>? StringList(JsonElement parent, string name)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var list) || list.ValueKind != JsonValueKind.Array)
            return null;
        return list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList();
    }
}
