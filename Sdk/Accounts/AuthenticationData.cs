using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tangle.Sdk.Accounts;

/// <summary>The <c>auth</c> object of a user-interactive authentication request.</summary>
public sealed record AuthenticationData
{
    /// <summary>The stage being completed, e.g. <c>m.login.dummy</c>.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    /// <summary>The session from the server's 401 response.</summary>
    [JsonPropertyName("session")]
    public string? Session { get; init; }

    /// <summary>For <c>m.login.password</c>: who is authenticating.</summary>
    [JsonPropertyName("identifier")]
    public UserIdentifier? Identifier { get; init; }

    /// <summary>For <c>m.login.password</c>: the password.</summary>
    [JsonPropertyName("password")]
    public string? Password { get; init; }

    /// <summary>For <c>m.login.registration_token</c>: the token.</summary>
    [JsonPropertyName("token")]
    public string? Token { get; init; }

    /// <summary>Fields of other stage types.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; init; }

    /// <summary>An <c>m.login.dummy</c> stage.</summary>
    public static AuthenticationData Dummy(string? session) => new() { Type = AuthTypes.Dummy, Session = session };

    /// <summary>An <c>m.login.password</c> stage for a user ID or localpart.</summary>
    public static AuthenticationData ForPassword(string user, string password, string? session) => new()
    {
        Type = AuthTypes.Password,
        Session = session,
        Identifier = UserIdentifier.ForUser(user),
        Password = password,
    };

    /// <summary>An <c>m.login.registration_token</c> stage.</summary>
    public static AuthenticationData ForRegistrationToken(string token, string? session) =>
        new() { Type = AuthTypes.RegistrationToken, Session = session, Token = token };
}
