using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tangle.Sdk.Accounts;

/// <summary>A login type the server supports, from <c>GET /login</c>.</summary>
public sealed record LoginFlow
{
    /// <summary>The login type, e.g. <c>m.login.password</c>.</summary>
    [JsonPropertyName("type")]
    public string Type { get; init; } = "";

    /// <summary>For <c>m.login.token</c>: whether <c>/login/get_token</c> may be used.</summary>
    [JsonPropertyName("get_login_token")]
    public bool? GetLoginToken { get; init; }

    /// <summary>Fields of other login types (e.g. SSO identity providers).</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; init; }
}
