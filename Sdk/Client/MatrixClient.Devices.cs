using System.Text.Json.Serialization;
using Tangle.Sdk.Accounts;
using Tangle.Sdk.Http;

namespace Tangle.Sdk;

public sealed partial class MatrixClient
{
    /// <summary><c>GET /devices</c>: the user's devices.</summary>
    public async Task<IReadOnlyList<Device>> GetDevicesAsync(CancellationToken cancellationToken = default) =>
        (await _http.SendAsync<DevicesResponse>(new(HttpMethod.Get, MatrixPath.V3($"/devices")), cancellationToken).ConfigureAwait(false)).Devices;

    /// <summary><c>GET /devices/{deviceId}</c>: one of the user's devices.</summary>
    public Task<Device> GetDeviceAsync(string deviceId, CancellationToken cancellationToken = default) =>
        _http.SendAsync<Device>(new(HttpMethod.Get, MatrixPath.V3($"/devices/{deviceId}")), cancellationToken);

    /// <summary><c>PUT /devices/{deviceId}</c>: renames a device.</summary>
    public Task UpdateDeviceAsync(string deviceId, string? displayName, CancellationToken cancellationToken = default) =>
        _http.SendAsync(new(HttpMethod.Put, MatrixPath.V3($"/devices/{deviceId}")) { Body = new UpdateDeviceRequest(displayName) }, cancellationToken);

    /// <summary><c>DELETE /devices/{deviceId}</c>: logs a device out, authenticating with the password.</summary>
    public Task DeleteDeviceAsync(string deviceId, string? password, CancellationToken cancellationToken = default) =>
        SendWithInteractiveAuthAsync<EmptyResponse>(HttpMethod.Delete, MatrixPath.V3($"/devices/{deviceId}"),
            auth => new AuthOnlyRequest(auth), PasswordCredentials(password), AuthMode.Required, cancellationToken);

    /// <summary><c>POST /delete_devices</c>: logs several devices out, authenticating with the password.</summary>
    public Task DeleteDevicesAsync(IReadOnlyList<string> deviceIds, string? password, CancellationToken cancellationToken = default) =>
        SendWithInteractiveAuthAsync<EmptyResponse>(HttpMethod.Post, MatrixPath.V3($"/delete_devices"),
            auth => new DeleteDevicesRequest(deviceIds, auth), PasswordCredentials(password), AuthMode.Required, cancellationToken);

    private sealed record DevicesResponse
    {
        [JsonPropertyName("devices")]
        public IReadOnlyList<Device> Devices { get; init; } = [];
    }

    private sealed record UpdateDeviceRequest([property: JsonPropertyName("display_name")] string? DisplayName);

    private sealed record AuthOnlyRequest([property: JsonPropertyName("auth")] AuthenticationData? Auth);

    private sealed record DeleteDevicesRequest(
        [property: JsonPropertyName("devices")] IReadOnlyList<string> Devices,
        [property: JsonPropertyName("auth")] AuthenticationData? Auth);
}
