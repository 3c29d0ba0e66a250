using System.Text.Json.Serialization;

namespace Tangle.Sdk.Encryption;

/// <summary>The body of <c>POST /keys/upload</c>.</summary>
public sealed record KeysUploadRequest
{
    /// <summary>The device's identity keys; needed once per device.</summary>
    [JsonPropertyName("device_keys")]
    public DeviceKeys? DeviceKeys { get; init; }

    /// <summary>One-time keys by <c>algorithm:key_id</c>: a string or a signed key object.</summary>
    [JsonPropertyName("one_time_keys")]
    public IReadOnlyDictionary<string, object>? OneTimeKeys { get; init; }

    /// <summary>Fallback keys by <c>algorithm:key_id</c>, signed key objects with <c>fallback: true</c>.</summary>
    [JsonPropertyName("fallback_keys")]
    public IReadOnlyDictionary<string, object>? FallbackKeys { get; init; }
}

/// <summary>The response of <c>POST /keys/upload</c>.</summary>
public sealed record KeysUploadResponse
{
    /// <summary>The number of unclaimed one-time keys per algorithm.</summary>
    [JsonPropertyName("one_time_key_counts")]
    public IReadOnlyDictionary<string, int> OneTimeKeyCounts { get; init; } = new Dictionary<string, int>();
}

/// <summary>The response of <c>GET /keys/changes</c>.</summary>
public sealed record KeyChanges
{
    /// <summary>Users whose device lists changed in the range.</summary>
    [JsonPropertyName("changed")]
    public IReadOnlyList<string> Changed { get; init; } = [];

    /// <summary>Users who stopped sharing an encrypted room with the client in the range.</summary>
    [JsonPropertyName("left")]
    public IReadOnlyList<string> Left { get; init; } = [];
}
