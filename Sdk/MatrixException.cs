using System.Net;
using System.Text.Json;
using Tangle.Sdk.Accounts;

namespace Tangle.Sdk;

/// <summary>
/// A homeserver's error response: a non-2xx status with the standard <c>{"errcode", "error"}</c> body.
/// </summary>
public sealed class MatrixException : Exception
{
    /// <summary>Creates the exception for one error response.</summary>
    public MatrixException(HttpStatusCode statusCode, string errCode, string error, TimeSpan? retryAfter = null,
        JsonElement? body = null, InteractiveAuthFlows? interactiveAuth = null)
        : base($"{errCode}: {error} (HTTP {(int)statusCode})")
    {
        StatusCode = statusCode;
        ErrCode = errCode;
        Error = error;
        RetryAfter = retryAfter;
        Body = body;
        InteractiveAuth = interactiveAuth;
    }

    /// <summary>The HTTP status code of the response.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The Matrix error code, e.g. <c>M_FORBIDDEN</c>; <c>M_UNKNOWN</c> when the body had none.</summary>
    public string ErrCode { get; }

    /// <summary>The human-readable error message (or the raw body when it was not JSON).</summary>
    public string Error { get; }

    /// <summary>How long the server asked the client to wait before retrying, for rate-limit errors.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary><see cref="RetryAfter"/> in milliseconds, as the spec's <c>retry_after_ms</c>.</summary>
    public long? RetryAfterMs => RetryAfter is { } wait ? (long)wait.TotalMilliseconds : null;

    /// <summary>The whole JSON body of the error, when it was JSON, for error-specific fields.</summary>
    public JsonElement? Body { get; }

    /// <summary>
    /// For a 401 from an endpoint using user-interactive authentication: the flows, completed stages
    /// and session the server offers. <c>null</c> for every other error.
    /// </summary>
    public InteractiveAuthFlows? InteractiveAuth { get; }
}
