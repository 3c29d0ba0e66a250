using System.Text.Json;

namespace Tangle.Grains.Keys;

/// <summary>
/// The sending side of one device's send-to-device messages (key: <see cref="SendToDeviceKey"/>):
/// makes PUT /sendToDevice idempotent per transaction id and queues messages for local recipients.
/// </summary>
public interface ISendToDeviceGrain : IGrainWithStringKey
{
    /// <summary>
    /// Delivers messages of one type, user id to device id (or "*") to content, unless the transaction
    /// was already handled. Messages for remote users are left to federation.
    /// </summary>
    Task SendAsync(string txnId, string eventType, IReadOnlyDictionary<string, IReadOnlyDictionary<string, JsonElement>> messages);
}

/// <summary>A sending device's grain key: <c>userId|deviceId</c> (user ids cannot contain '|').</summary>
public static class SendToDeviceKey
{
    public static string For(string userId, string deviceId) => $"{userId}|{deviceId}";
}
