using System.Net;
using Tangle.Sdk.Accounts;
using Tangle.Sdk.Http;

namespace Tangle.Sdk;

public sealed partial class MatrixClient
{
    private const int MaxInteractiveAuthRounds = 5;

    /// <summary>
    /// Sends a request to an endpoint using user-interactive authentication: first without <c>auth</c>,
    /// then, while the server answers 401 with flows, with the next stage the credentials can complete
    /// (<c>m.login.dummy</c>, <c>m.login.password</c>, <c>m.login.registration_token</c>).
    /// </summary>
    private async Task<T> SendWithInteractiveAuthAsync<T>(HttpMethod method, string path, Func<AuthenticationData?, object> body,
        InteractiveAuthCredentials credentials, AuthMode authMode, CancellationToken cancellationToken)
    {
        AuthenticationData? auth = null;
        for (var round = 0; ; round++)
        {
            try
            {
                var request = new MatrixRequest(method, path) { Body = body(auth), Auth = authMode };
                return await _http.SendAsync<T>(request, cancellationToken).ConfigureAwait(false);
            }
            catch (MatrixException e) when (e.StatusCode == HttpStatusCode.Unauthorized && e.InteractiveAuth is { } flows
                && round < MaxInteractiveAuthRounds && !StageFailed(auth, flows)
                && credentials.Next(flows) is { } next)
            {
                auth = next;
            }
        }
    }

    /// <summary>True when the stage just submitted was not accepted (it is not among the completed stages).</summary>
    private static bool StageFailed(AuthenticationData? submitted, InteractiveAuthFlows flows) =>
        submitted?.Type is { } type && !flows.Completed.Contains(type);

    private InteractiveAuthCredentials PasswordCredentials(string? password) =>
        new(_session?.UserId, password, RegistrationToken: null);
}

/// <summary>What the client can use to complete user-interactive authentication stages.</summary>
internal sealed record InteractiveAuthCredentials(string? User, string? Password, string? RegistrationToken)
{
    public AuthenticationData? Next(InteractiveAuthFlows flows)
    {
        var supported = new List<string> { AuthTypes.Dummy };
        if (User is not null && Password is not null)
            supported.Add(AuthTypes.Password);
        if (RegistrationToken is not null)
            supported.Add(AuthTypes.RegistrationToken);
        return flows.NextStage(supported) switch
        {
            AuthTypes.Dummy => AuthenticationData.Dummy(flows.Session),
            AuthTypes.Password when User is not null && Password is not null => AuthenticationData.ForPassword(User, Password, flows.Session),
            AuthTypes.RegistrationToken when RegistrationToken is not null => AuthenticationData.ForRegistrationToken(RegistrationToken, flows.Session),
            _ => null,
        };
    }
}
