using Tangle.Grains;
using Tangle.Grains.Matrix;
using Tangle.Protocol.Identifiers;

namespace Tangle.Gateway.Http;

/// <summary>Turning what clients type into user ids.</summary>
internal static class Accounts
{
    /// <summary>A full user id, or a localpart on this server (matched case-insensitively, as localparts are lower case).</summary>
    public static UserId? ResolveUser(string text, ServerName server)
    {
        if (text.StartsWith('@'))
            return UserId.Parse(text) is { IsOk: true } parsed ? parsed.Value : null;
        return UserId.Parse($"@{text.ToLowerInvariant()}:{server.Value}") is { IsOk: true } local ? local.Value : null;
    }

    /// <summary>The id a new account will have, or M_INVALID_USERNAME.</summary>
    public static UserId NewUser(string localpart, ServerName server)
    {
        var created = UserId.Create(localpart, server);
        if (!created.IsOk)
            throw new MatrixException(ErrCode.InvalidUsername, "user ids may only contain a-z, 0-9, and ._=-/+", 400);
        return created.Value;
    }
}
