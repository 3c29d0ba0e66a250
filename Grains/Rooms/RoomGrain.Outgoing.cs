using System.Text.Json;
using System.Text.Json.Nodes;
using Tangle.Grains.Federation;
using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Grains.Rooms;

/// <summary>
/// What this replica tells other servers: every event made here goes to the outbox of each server in the
/// room (and of a remote user whose membership it changes), and local users' typing and public receipts go
/// as EDUs. Events received from other servers are not passed on: their origin sends them to everyone.
/// </summary>
public sealed partial class RoomGrain
{
    /// <summary>
    /// Queues an event for every other server that should have it; returns once it is durably queued. Used for
    /// local events, and for the membership events this server takes in on another server's behalf (send_join,
    /// send_leave, send_knock), which only the resident server can pass on.
    /// </summary>
    private async Task SendToServersAsync(Pdu pdu, ServerName? except = null)
    {
        var destinations = ServersInRoom().Select(ServerName.From).ToHashSet();
        if (pdu.Type == EventTypes.Member && UserId.Parse(pdu.StateKey).TryGetValue(out var target, out _))
            destinations.Add(target.Server);
        if (except is not null)
            destinations.Remove(except);
        await Task.WhenAll(destinations.Where(d => !homeservers.IsLocal(d)).Select(d => Outbox(d).EnqueuePdusAsync([pdu])));
    }

    /// <summary>Tells the other servers in the room that a local user started or stopped typing.</summary>
    private void SendTypingToServers(UserId user, bool typing)
    {
        if (!homeservers.IsLocal(user.Server))
            return;
        var content = JsonSerializer.SerializeToElement(new JsonObject
        {
            ["room_id"] = _roomId.Value,
            ["user_id"] = user.Value,
            ["typing"] = typing,
        });
        foreach (var destination in RemoteServersInRoom())
            Outbox(destination).EnqueueEduAsync("m.typing", content).Ignore();
    }

    /// <summary>Tells the other servers in the room of a local user's public read receipt.</summary>
    private async Task SendReceiptToServersAsync(UserId user, string receiptType, EventId eventId, string? threadId, long ts)
    {
        if (!homeservers.IsLocal(user.Server) || receiptType != "m.read")
            return;
        var data = new JsonObject { ["ts"] = ts };
        if (threadId is not null)
            data["thread_id"] = threadId;
        var content = JsonSerializer.SerializeToElement(new JsonObject
        {
            [_roomId.Value] = new JsonObject
            {
                [receiptType] = new JsonObject
                {
                    [user.Value] = new JsonObject { ["event_ids"] = new JsonArray(eventId.Value), ["data"] = data },
                },
            },
        });
        await Task.WhenAll(RemoteServersInRoom().Select(d => Outbox(d).EnqueueEduAsync("m.receipt", content)));
    }

    private IEnumerable<ServerName> RemoteServersInRoom() =>
        ServersInRoom().Select(ServerName.From).Where(s => !homeservers.IsLocal(s));

    private IFederationOutboxGrain Outbox(ServerName destination) =>
        GrainFactory.GetGrain<IFederationOutboxGrain>(FederationOutboxKey.For(_server, destination));
}
