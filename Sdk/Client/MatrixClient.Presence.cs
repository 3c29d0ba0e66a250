using Tangle.Sdk.Http;
using Tangle.Sdk.Notifications;
using Tangle.Sdk.Presence;

namespace Tangle.Sdk;

public sealed partial class MatrixClient
{
    /// <summary><c>PUT /presence/{userId}/status</c>: sets the logged-in user's presence.</summary>
    /// <param name="presence"><see cref="PresenceState.Online"/>, <see cref="PresenceState.Offline"/> or <see cref="PresenceState.Unavailable"/>.</param>
    /// <param name="statusMsg">A status message.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task SetPresenceAsync(string presence, string? statusMsg = null, CancellationToken cancellationToken = default) =>
        _http.SendAsync(new(HttpMethod.Put, MatrixPath.V3($"/presence/{UserId}/status"))
        {
            Body = new SetPresenceRequest { Presence = presence, StatusMsg = statusMsg },
        }, cancellationToken);

    /// <summary><c>GET /presence/{userId}/status</c>: a user's presence.</summary>
    public Task<PresenceStatus> GetPresenceAsync(string userId, CancellationToken cancellationToken = default) =>
        _http.SendAsync<PresenceStatus>(new(HttpMethod.Get, MatrixPath.V3($"/presence/{userId}/status")), cancellationToken);

    /// <summary><c>GET /pushrules/</c>: the user's global push rules.</summary>
    public async Task<PushRuleset> GetPushRulesAsync(CancellationToken cancellationToken = default) =>
        (await _http.SendAsync<PushRulesResponse>(new(HttpMethod.Get, MatrixPath.V3($"/pushrules/")), cancellationToken).ConfigureAwait(false)).Global;
}
