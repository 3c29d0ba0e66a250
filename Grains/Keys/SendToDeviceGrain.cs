using System.Text.Json;
using Tangle.Grains.Accounts;
using Tangle.Grains.Federation;
using Tangle.Grains.Homeserver;
using Tangle.Grains.Sync;
using Tangle.Protocol.Identifiers;

namespace Tangle.Grains.Keys;

/// <summary>The transaction ids a device used lately, newest last.</summary>
[GenerateSerializer]
public sealed class SendToDeviceState
{
    [Id(0)] public List<string> RecentTransactions { get; set; } = [];
}

/// <summary>
/// Sends one device's to-device messages. A transaction is recorded only after every local recipient's
/// inbox has queued its message, so a retry after a failure delivers at least once, and a retry after
/// success delivers nothing more.
/// </summary>
public sealed class SendToDeviceGrain(
    [PersistentState("sendToDevice")] IPersistentState<SendToDeviceState> state,
    LocalHomeservers homeservers) : Grain, ISendToDeviceGrain
{
    /// <summary>How many transaction ids are remembered: clients retry a transaction soon or never.</summary>
    private const int Remembered = 256;

    public async Task SendAsync(string txnId, string eventType, IReadOnlyDictionary<string, IReadOnlyDictionary<string, JsonElement>> messages)
    {
        if (state.State.RecentTransactions.Contains(txnId))
            return;
        var key = this.GetPrimaryKeyString();
        var sender = key[..key.IndexOf('|')];
        await ForwardToServersAsync(UserId.From(sender), key, txnId, eventType, messages);
        foreach (var (userId, byDevice) in messages)
        {
            var user = UserId.From(userId);
            if (!homeservers.IsLocal(user.Server))
                continue;
            var account = GrainFactory.GetGrain<IAccountGrain>(user.Value);
            var inbox = GrainFactory.GetGrain<IInboxGrain>(user.Value);
            var devices = (await account.GetDevicesAsync()).Select(d => d.DeviceId).ToHashSet(StringComparer.Ordinal);
            if (devices.Count == 0)
                continue;
            foreach (var (deviceId, content) in byDevice)
            {
                // Messages for devices the user does not have are dropped, as for users that do not exist.
                if (deviceId == "*" || devices.Contains(deviceId))
                    await inbox.SendToDeviceAsync(deviceId, new ToDeviceMessage(sender, eventType, content));
            }
        }

        var recent = state.State.RecentTransactions;
        recent.Add(txnId);
        if (recent.Count > Remembered)
            recent.RemoveRange(0, recent.Count - Remembered);
        await state.WriteStateAsync();
    }

    /// <summary>
    /// A local sender's messages for users of other servers go to each server's outbox as one
    /// m.direct_to_device EDU, whose message id (unique per device and transaction) lets the receiver drop replays.
    /// </summary>
    private async Task ForwardToServersAsync(UserId sender, string deviceKey, string txnId, string eventType,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, JsonElement>> messages)
    {
        if (!homeservers.IsLocal(sender.Server))
            return;
        var byServer = messages
            .Select(m => (User: UserId.From(m.Key), Devices: m.Value))
            .Where(m => !homeservers.IsLocal(m.User.Server))
            .GroupBy(m => m.User.Server);
        var messageId = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(deviceKey + "|" + txnId)))[..32];
        foreach (var server in byServer)
        {
            var content = JsonSerializer.SerializeToElement(new
            {
                sender = sender.Value,
                type = eventType,
                message_id = messageId,
                messages = server.ToDictionary(m => m.User.Value, m => m.Devices),
            });
            await GrainFactory.GetGrain<IFederationOutboxGrain>(FederationOutboxKey.For(sender.Server, server.Key))
                .EnqueueEduAsync("m.direct_to_device", content);
        }
    }
}
