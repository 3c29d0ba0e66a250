namespace Tangle.Grains.Accounts;

/// <summary>
/// One access token (key: the SHA-256 of the token, hex), so the gateway can authenticate a request
/// with one grain call and no token is ever stored in clear.
/// </summary>
public interface IAccessTokenGrain : IGrainWithStringKey
{
    /// <summary>The user and device the token belongs to, or null if it is unknown or revoked.</summary>
    Task<AccessTokenInfo?> ResolveAsync();

    /// <summary>Binds the token to a device.</summary>
    Task IssueAsync(AccessTokenInfo info);

    /// <summary>Revokes the token.</summary>
    Task RevokeAsync();
}
