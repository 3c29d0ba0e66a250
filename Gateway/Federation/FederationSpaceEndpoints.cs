using System.Text.Json;
using Tangle.Gateway.Endpoints;
using Tangle.Gateway.Http;
using Tangle.Grains;
using Tangle.Grains.Rooms;
using Tangle.Protocol.Identifiers;

namespace Tangle.Gateway.Federation;

/// <summary>
/// GET /hierarchy over federation: a space and the children this server holds that the asking server could
/// peek or join, unpaginated; children it could not reach are listed as inaccessible.
/// </summary>
internal static class FederationSpaceEndpoints
{
    public static void MapFederationSpaceEndpoints(this IEndpointRouteBuilder federation) =>
        federation.MapGet("/v1/hierarchy/{roomId}", HierarchyAsync);

    private static async Task<IResult> HierarchyAsync(string roomId, bool? suggested_only, HttpContext http, IGrainFactory grains)
    {
        var request = FederationAuthentication.RequestOf(http);
        var server = request.Destination.Name;
        var space = await grains.FederatedRoom(server, RouteValues.Room(roomId)).GetSpaceRoomForServerAsync(request.Origin, suggested_only ?? false)
            ?? throw MatrixException.NotFound("this server does not hold that room");

        var children = new List<SpaceRoom>();
        var inaccessible = new List<string>();
        foreach (var child in space.Children)
        {
            if (!RoomId.Parse(child.StateKey).TryGetValue(out var childId, out _))
                continue;
            try
            {
                if (await grains.FederatedRoom(server, childId).GetSpaceRoomForServerAsync(request.Origin, suggestedOnly: false) is { } found)
                    children.Add(found);
            }
            catch (MatrixException)
            {
                inaccessible.Add(childId.Value);
            }
        }

        return MatrixResults.Write(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("room");
            WriteRoom(w, space);
            w.WriteStartArray("children");
            foreach (var child in children)
                WriteRoom(w, child);
            w.WriteEndArray();
            w.WriteStartArray("inaccessible_children");
            foreach (var id in inaccessible)
                w.WriteStringValue(id);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static void WriteRoom(Utf8JsonWriter w, SpaceRoom room)
    {
        w.WriteStartObject();
        foreach (var (name, value) in DirectoryEndpoints.Chunk(room.Summary))
        {
            w.WritePropertyName(name);
            JsonSerializer.Serialize(w, value);
        }

        w.WriteString("room_version", room.Summary.RoomVersion);
        w.WriteStartArray("children_state");
        foreach (var child in room.Children)
        {
            w.WriteStartObject();
            w.WriteString("type", child.Type);
            w.WriteString("state_key", child.StateKey);
            w.WriteString("sender", child.Sender.Value);
            w.WritePropertyName("content");
            child.Content.WriteTo(w);
            w.WriteNumber("origin_server_ts", child.OriginServerTs);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
