using System.Text.Json;
using System.Text.Json.Serialization;
using Tangle.Sdk.Accounts;

namespace Tangle.Sdk.Encryption;

/// <summary>The body of <c>POST /keys/device_signing/upload</c>.</summary>
public sealed record CrossSigningKeysUpload
{
    /// <summary>The master key.</summary>
    [JsonPropertyName("master_key")]
    public CrossSigningKey? MasterKey { get; init; }

    /// <summary>The self-signing key, signed by the master key.</summary>
    [JsonPropertyName("self_signing_key")]
    public CrossSigningKey? SelfSigningKey { get; init; }

    /// <summary>The user-signing key, signed by the master key.</summary>
    [JsonPropertyName("user_signing_key")]
    public CrossSigningKey? UserSigningKey { get; init; }

    /// <summary>User-interactive authentication; filled in by the client.</summary>
    [JsonPropertyName("auth")]
    public AuthenticationData? Auth { get; init; }
}

/// <summary>The response of <c>POST /keys/signatures/upload</c>.</summary>
public sealed record SignaturesUploadResponse
{
    /// <summary>Signatures that failed: user ID to key ID to error.</summary>
    [JsonPropertyName("failures")]
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, JsonElement>> Failures { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, JsonElement>>();
}
