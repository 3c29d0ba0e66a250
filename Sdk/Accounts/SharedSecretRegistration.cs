using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;

namespace Tangle.Sdk.Accounts;

/// <summary>
/// The shared-secret registration admin API, <c>/_synapse/admin/v1/register</c>: fetch a nonce, then
/// register with an HMAC-SHA1 over <c>nonce\0username\0password\0admin|notadmin[\0user_type]</c>
/// keyed with the server's registration shared secret.
/// </summary>
public static class SharedSecretRegistration
{
    /// <summary>The endpoint path (GET for a nonce, POST to register).</summary>
    public const string Path = "/_synapse/admin/v1/register";

    /// <summary>The lowercase hex HMAC-SHA1 <c>mac</c> of a registration request.</summary>
    public static string ComputeMac(string sharedSecret, string nonce, string username, string password, bool admin, string? userType = null)
    {
        var message = new StringBuilder()
            .Append(nonce).Append('\0')
            .Append(username).Append('\0')
            .Append(password).Append('\0')
            .Append(admin ? "admin" : "notadmin");
        if (userType is not null)
            message.Append('\0').Append(userType);
        var mac = HMACSHA1.HashData(Encoding.UTF8.GetBytes(sharedSecret), Encoding.UTF8.GetBytes(message.ToString()));
        return Convert.ToHexStringLower(mac);
    }
}

/// <summary>The body of <c>POST /_synapse/admin/v1/register</c>.</summary>
public sealed record SharedSecretRegisterRequest
{
    /// <summary>The nonce from the preceding GET.</summary>
    [JsonPropertyName("nonce")]
    public string Nonce { get; init; } = "";

    /// <summary>The localpart of the new user.</summary>
    [JsonPropertyName("username")]
    public string Username { get; init; } = "";

    /// <summary>An initial display name.</summary>
    [JsonPropertyName("displayname")]
    public string? DisplayName { get; init; }

    /// <summary>The new user's password.</summary>
    [JsonPropertyName("password")]
    public string Password { get; init; } = "";

    /// <summary>Whether the new user is a server admin.</summary>
    [JsonPropertyName("admin")]
    public bool Admin { get; init; }

    /// <summary>An optional user type, e.g. <c>bot</c>; part of the MAC when present.</summary>
    [JsonPropertyName("user_type")]
    public string? UserType { get; init; }

    /// <summary>The HMAC from <see cref="SharedSecretRegistration.ComputeMac"/>.</summary>
    [JsonPropertyName("mac")]
    public string Mac { get; init; } = "";
}

/// <summary>The response of <c>GET /_synapse/admin/v1/register</c>.</summary>
internal sealed record SharedSecretNonce
{
    [JsonPropertyName("nonce")]
    public string Nonce { get; init; } = "";
}
