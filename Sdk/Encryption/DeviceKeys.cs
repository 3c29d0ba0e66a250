using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tangle.Sdk.Encryption;

/// <summary>A device's identity keys, signed by the device (<c>DeviceKeys</c>).</summary>
public sealed record DeviceKeys
{
    /// <summary>The owner of the device.</summary>
    [JsonPropertyName("user_id")]
    public string UserId { get; init; } = "";

    /// <summary>The device ID.</summary>
    [JsonPropertyName("device_id")]
    public string DeviceId { get; init; } = "";

    /// <summary>The encryption algorithms the device supports.</summary>
    [JsonPropertyName("algorithms")]
    public IReadOnlyList<string> Algorithms { get; init; } = [];

    /// <summary>Public identity keys, by <c>algorithm:device_id</c>.</summary>
    [JsonPropertyName("keys")]
    public IReadOnlyDictionary<string, string> Keys { get; init; } = new Dictionary<string, string>();

    /// <summary>Signatures: user ID to <c>algorithm:key_id</c> to signature.</summary>
    [JsonPropertyName("signatures")]
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? Signatures { get; init; }

    /// <summary>Unsigned extra information, e.g. <c>device_display_name</c> in query results.</summary>
    [JsonPropertyName("unsigned")]
    public JsonElement? Unsigned { get; init; }

    /// <summary>Every other field, raw (they are covered by the signatures).</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; init; }
}

/// <summary>A cross-signing key (master, self-signing or user-signing).</summary>
public sealed record CrossSigningKey
{
    /// <summary>The owner of the key.</summary>
    [JsonPropertyName("user_id")]
    public string UserId { get; init; } = "";

    /// <summary>What the key is for: <c>master</c>, <c>self_signing</c> or <c>user_signing</c>.</summary>
    [JsonPropertyName("usage")]
    public IReadOnlyList<string> Usage { get; init; } = [];

    /// <summary>The public key, as <c>ed25519:base64</c> to base64; exactly one entry.</summary>
    [JsonPropertyName("keys")]
    public IReadOnlyDictionary<string, string> Keys { get; init; } = new Dictionary<string, string>();

    /// <summary>Signatures of the key.</summary>
    [JsonPropertyName("signatures")]
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? Signatures { get; init; }

    /// <summary>Every other field, raw.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; init; }
}
