using Tangle.Grains.Rooms;
using Tangle.Protocol.Identifiers;

namespace Tangle.Grains;

/// <summary>
/// A room grain holds one homeserver's replica of one room, so its key names both:
/// <c>server|roomId</c>. Server names cannot contain '|', so the first one splits the key.
/// </summary>
public static class RoomGrainKey
{
    public static string For(ServerName server, RoomId room) => $"{server.Value}|{room.Value}";

    public static (ServerName Server, RoomId Room) Parse(string key)
    {
        var bar = key.IndexOf('|');
        return (ServerName.From(key[..bar]), RoomId.From(key[(bar + 1)..]));
    }

    /// <summary>The grain of <paramref name="server"/>'s replica of <paramref name="room"/>.</summary>
    public static IRoomGrain Room(this IGrainFactory grains, ServerName server, RoomId room) =>
        grains.GetGrain<IRoomGrain>(For(server, room));

    /// <summary>The same replica, seen from federation.</summary>
    public static IRoomFederationGrain FederatedRoom(this IGrainFactory grains, ServerName server, RoomId room) =>
        grains.GetGrain<IRoomFederationGrain>(For(server, room));
}
