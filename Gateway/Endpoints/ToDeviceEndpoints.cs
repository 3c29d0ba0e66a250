using System.Text.Json;
using Tangle.Gateway.Http;
using Tangle.Grains;
using Tangle.Grains.Keys;

namespace Tangle.Gateway.Endpoints;

/// <summary>Send-to-device messaging: messages for devices, delivered through their /sync.</summary>
internal static class ToDeviceEndpoints
{
    public static void MapToDeviceEndpoints(this IEndpointRouteBuilder client) =>
        client.Put("/sendToDevice/{eventType}/{txnId}", SendAsync, new AllowGuestsAttribute());

    private static async Task<IResult> SendAsync(string eventType, string txnId, HttpContext http, IGrainFactory grains)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var body = await http.Request.ReadObjectAsync();
        var messages = body.Object("messages") ?? throw MatrixResults.MissingParam("messages");
        var byUser = new Dictionary<string, IReadOnlyDictionary<string, JsonElement>>(StringComparer.Ordinal);
        foreach (var user in messages.EnumerateObject())
        {
            var userId = KeysEndpoints.UserOf(user.Name);
            var byDevice = messages.Object(user.Name) ?? throw MatrixException.BadJson($"messages.{user.Name} must map device ids to messages");
            byUser[userId.Value] = byDevice.EnumerateObject().ToDictionary(d => d.Name, d => byDevice.Object(d.Name)
                ?? throw MatrixException.BadJson($"messages.{user.Name}.{d.Name} must be an object"), StringComparer.Ordinal);
        }

        var sender = grains.GetGrain<ISendToDeviceGrain>(SendToDeviceKey.For(requester.User.Value, KeysEndpoints.DeviceOf(requester)));
        await sender.SendAsync(RouteValues.Unescape(txnId), RouteValues.Unescape(eventType), byUser);
        return MatrixResults.Empty();
    }
}
