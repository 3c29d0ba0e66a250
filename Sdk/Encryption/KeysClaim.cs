using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tangle.Sdk.Encryption;

/// <summary>The body of <c>POST /keys/claim</c>.</summary>
internal sealed record KeysClaimRequest
{
    [JsonPropertyName("one_time_keys")]
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> OneTimeKeys { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();

    [JsonPropertyName("timeout")]
    public long? Timeout { get; init; }
}

/// <summary>The response of <c>POST /keys/claim</c>.</summary>
public sealed record KeysClaimResponse
{
    /// <summary>Remote servers that could not be reached, with the error each gave.</summary>
    [JsonPropertyName("failures")]
    public IReadOnlyDictionary<string, JsonElement> Failures { get; init; } = new Dictionary<string, JsonElement>();

    /// <summary>Claimed keys: user ID to device ID to <c>algorithm:key_id</c> to key (a string or signed object).</summary>
    [JsonPropertyName("one_time_keys")]
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, JsonElement>>> OneTimeKeys { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, JsonElement>>>();
}
