namespace Tangle.Sdk;

/// <summary>A logged-in session: who, on which device, with which access token.</summary>
/// <param name="UserId">The fully-qualified user ID, e.g. <c>@alice:example.org</c>.</param>
/// <param name="DeviceId">The device the access token belongs to.</param>
/// <param name="AccessToken">The access token sent as <c>Authorization: Bearer</c>.</param>
/// <param name="RefreshToken">A refresh token, when the server issued one.</param>
public sealed record MatrixSession(string UserId, string DeviceId, string AccessToken, string? RefreshToken = null);
