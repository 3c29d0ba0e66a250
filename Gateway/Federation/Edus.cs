using System.Text.Json;
using Tangle.Gateway.Http;
using Tangle.Grains;
using Tangle.Grains.Keys;
using Tangle.Grains.Presence;
using Tangle.Grains.Rooms;
using Tangle.Protocol.Identifiers;

namespace Tangle.Gateway.Federation;

/// <summary>
/// The EDUs of a transaction: typing, receipts, presence and to-device messages. Each speaks only for users
/// of the server that sent it, and each is applied through the same grains local users go through, so
/// membership and visibility rules hold alike. An EDU that does not fit is dropped: EDUs have no answer.
/// </summary>
internal static class Edus
{
    /// <summary>How long a remote user's typing notification lasts unless renewed (remote servers renew it).</summary>
    private const int RemoteTypingTimeoutMs = 30_000;

    public static async Task ApplyAsync(FederationRequest request, JsonElement edus, IGrainFactory grains, ILogger logger)
    {
        foreach (var edu in edus.EnumerateArray())
        {
            if (edu.ValueKind != JsonValueKind.Object || edu.String("edu_type") is not { } type
                || !edu.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Object)
                continue;
            try
            {
                switch (type)
                {
                    case "m.typing":
                        await TypingAsync(request, content, grains);
                        break;
                    case "m.receipt":
                        await ReceiptsAsync(request, content, grains);
                        break;
                    case "m.presence":
                        await PresenceAsync(request, content, grains);
                        break;
                    case "m.direct_to_device":
                        await ToDeviceAsync(request, content, grains);
                        break;
                    case "m.device_list_update" or "m.signing_key_update":
                        // Local users who share a room with the remote user hear "changed" and query the keys afresh.
                        if (RemoteUser(request, content.String("user_id")) is { } owner)
                            await grains.GetGrain<IDeviceListGrain>(owner.Value).AnnounceKeysChangedAsync();
                        break;
                }
            }
            catch (MatrixException refused)
            {
                logger.LogInformation("dropped an {EduType} EDU from {Origin}: {Reason}", type, request.Origin, refused.Message);
            }
        }
    }

    private static async Task TypingAsync(FederationRequest request, JsonElement content, IGrainFactory grains)
    {
        if (RemoteUser(request, content.String("user_id")) is not { } user || Room(content.String("room_id")) is not { } room)
            return;
        var grain = grains.Room(request.Destination.Name, room);
        if (!await grains.FederatedRoom(request.Destination.Name, room).AllowsServerAsync(request.Origin))
            return;
        var typing = content.TryGetProperty("typing", out var t) && t.ValueKind == JsonValueKind.True;
        await grain.SetTypingAsync(new Requester(user), typing, RemoteTypingTimeoutMs);
    }

    private static async Task ReceiptsAsync(FederationRequest request, JsonElement content, IGrainFactory grains)
    {
        foreach (var roomEntry in content.EnumerateObject())
        {
            if (Room(roomEntry.Name) is not { } room || roomEntry.Value.ValueKind != JsonValueKind.Object)
                continue;
            var grain = grains.Room(request.Destination.Name, room);
            if (!await grains.FederatedRoom(request.Destination.Name, room).AllowsServerAsync(request.Origin))
                continue;
            foreach (var receiptType in roomEntry.Value.EnumerateObject().Where(r => r.Name == "m.read" && r.Value.ValueKind == JsonValueKind.Object))
            {
                foreach (var userEntry in receiptType.Value.EnumerateObject())
                {
                    if (RemoteUser(request, userEntry.Name) is not { } user || userEntry.Value.ValueKind != JsonValueKind.Object
                        || !userEntry.Value.TryGetProperty("event_ids", out var ids) || ids.ValueKind != JsonValueKind.Array)
                        continue;
                    var thread = userEntry.Value.Object("data")?.String("thread_id");
                    foreach (var id in ids.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.String))
                    {
                        if (EventId.Parse(id.GetString()).TryGetValue(out var eventId, out _))
                            await grain.SetReceiptAsync(new Requester(user), receiptType.Name, eventId, thread);
                    }
                }
            }
        }
    }

    private static async Task PresenceAsync(FederationRequest request, JsonElement content, IGrainFactory grains)
    {
        if (!content.TryGetProperty("push", out var push) || push.ValueKind != JsonValueKind.Array)
            return;
        foreach (var update in push.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.Object))
        {
            if (RemoteUser(request, update.String("user_id")) is { } user && update.String("presence") is "online" or "offline" or "unavailable")
                await grains.GetGrain<IPresenceGrain>(user.Value).SetAsync(update.String("presence")!, update.String("status_msg"));
        }
    }

    private static async Task ToDeviceAsync(FederationRequest request, JsonElement content, IGrainFactory grains)
    {
        if (RemoteUser(request, content.String("sender")) is not { } sender || content.String("type") is not { } type
            || content.String("message_id") is not { Length: > 0 } messageId
            || !content.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Object)
            return;
        var local = new Dictionary<string, IReadOnlyDictionary<string, JsonElement>>();
        foreach (var target in messages.EnumerateObject())
        {
            if (UserId.Parse(target.Name).TryGetValue(out var user, out _) && user.Server == request.Destination.Name
                && target.Value.ValueKind == JsonValueKind.Object)
                local[user.Value] = target.Value.EnumerateObject().ToDictionary(d => d.Name, d => d.Value.Clone());
        }

        // The remote sender's message id plays the part of a transaction id, so a replayed EDU is delivered once.
        if (local.Count > 0)
            await grains.GetGrain<ISendToDeviceGrain>(SendToDeviceKey.For(sender.Value, "federation")).SendAsync(messageId, type, local);
    }

    private static UserId? RemoteUser(FederationRequest request, string? text) =>
        UserId.Parse(text).TryGetValue(out var user, out _) && user.Server == request.Origin ? user : null;

    private static RoomId? Room(string? text) => RoomId.Parse(text).TryGetValue(out var room, out _) ? room : null;
}
