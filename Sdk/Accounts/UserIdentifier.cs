using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tangle.Sdk.Accounts;

/// <summary>Who is authenticating: <c>{"type": "m.id.user", "user": ...}</c> or another identifier type.</summary>
public sealed record UserIdentifier
{
    /// <summary>The identifier type, e.g. <c>m.id.user</c>.</summary>
    [JsonPropertyName("type")]
    public string Type { get; init; } = AuthTypes.UserIdentifier;

    /// <summary>For <c>m.id.user</c>: the user ID or its localpart.</summary>
    [JsonPropertyName("user")]
    public string? User { get; init; }

    /// <summary>Fields of other identifier types.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; init; }

    /// <summary>An <c>m.id.user</c> identifier for a user ID or localpart.</summary>
    public static UserIdentifier ForUser(string user) => new() { User = user };
}
