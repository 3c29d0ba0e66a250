using System.Text.Json.Serialization;

namespace Tangle.Sdk.Accounts;

/// <summary>The response of <c>GET /_matrix/client/versions</c>.</summary>
public sealed record VersionsResponse
{
    /// <summary>The spec versions the server supports, e.g. <c>v1.11</c>.</summary>
    [JsonPropertyName("versions")]
    public IReadOnlyList<string> Versions { get; init; } = [];

    /// <summary>Unstable features the server advertises, and whether each is enabled.</summary>
    [JsonPropertyName("unstable_features")]
    public IReadOnlyDictionary<string, bool>? UnstableFeatures { get; init; }

    /// <summary>Whether the server lists the given spec version.</summary>
    public bool Supports(string version) => Versions.Contains(version, StringComparer.Ordinal);
}
