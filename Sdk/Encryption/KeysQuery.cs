using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tangle.Sdk.Encryption;

/// <summary>The body of <c>POST /keys/query</c>.</summary>
internal sealed record KeysQueryRequest
{
    [JsonPropertyName("device_keys")]
    public IReadOnlyDictionary<string, IReadOnlyList<string>> DeviceKeys { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    [JsonPropertyName("timeout")]
    public long? Timeout { get; init; }
}

/// <summary>The response of <c>POST /keys/query</c>.</summary>
public sealed record KeysQueryResponse
{
    /// <summary>Remote servers that could not be reached, with the error each gave.</summary>
    [JsonPropertyName("failures")]
    public IReadOnlyDictionary<string, JsonElement> Failures { get; init; } = new Dictionary<string, JsonElement>();

    /// <summary>Device keys: user ID to device ID to keys.</summary>
    [JsonPropertyName("device_keys")]
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, DeviceKeys>> DeviceKeys { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, DeviceKeys>>();

    /// <summary>Master cross-signing keys, by user.</summary>
    [JsonPropertyName("master_keys")]
    public IReadOnlyDictionary<string, CrossSigningKey> MasterKeys { get; init; } = new Dictionary<string, CrossSigningKey>();

    /// <summary>Self-signing keys, by user.</summary>
    [JsonPropertyName("self_signing_keys")]
    public IReadOnlyDictionary<string, CrossSigningKey> SelfSigningKeys { get; init; } = new Dictionary<string, CrossSigningKey>();

    /// <summary>User-signing keys: only the requesting user's own.</summary>
    [JsonPropertyName("user_signing_keys")]
    public IReadOnlyDictionary<string, CrossSigningKey> UserSigningKeys { get; init; } = new Dictionary<string, CrossSigningKey>();
}
