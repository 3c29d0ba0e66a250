using System.Security.Cryptography;
using System.Text;

namespace Tangle.Grains.Accounts;

/// <summary>Access tokens: random, prefixed for recognisability, and known to the server only by hash.</summary>
public static class AccessTokens
{
    public static string New() => "tng_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The key of the token's grain: the SHA-256 of the token, in hex.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A device id for a device the client did not name.</summary>
    public static string NewDeviceId() => RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 10);
}
