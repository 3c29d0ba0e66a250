namespace Tangle.Sdk.Http;

/// <summary>Whether a request carries the session's access token.</summary>
internal enum AuthMode
{
    /// <summary>The endpoint needs an access token; sending without a session fails fast.</summary>
    Required,

    /// <summary>The token is sent when there is a session (endpoints that may be public).</summary>
    IfAvailable,

    /// <summary>Never sent (login, registration).</summary>
    None,
}

/// <summary>One Client-Server API call, described completely enough to be sent again on retry.</summary>
internal sealed record MatrixRequest(HttpMethod Method, string Path)
{
    public Query? Query { get; init; }

    /// <summary>A value serialised as the JSON body; <c>null</c> sends no body.</summary>
    public object? Body { get; init; }

    /// <summary>A raw (non-JSON) body, for media uploads.</summary>
    public byte[]? RawBody { get; init; }

    /// <summary>The content type of <see cref="RawBody"/>.</summary>
    public string? RawContentType { get; init; }

    public AuthMode Auth { get; init; } = AuthMode.Required;

    /// <summary>Overrides whether transient failures may be retried; by default GET, PUT and DELETE may.</summary>
    public bool? Idempotent { get; init; }

    /// <summary>How long the server may hold the request open by design (a long-poll timeout).</summary>
    public TimeSpan LongPoll { get; init; }

    public bool IsIdempotent => Idempotent ?? (Method == HttpMethod.Get || Method == HttpMethod.Put || Method == HttpMethod.Delete);

    public string PathAndQuery => Query is null ? Path : Path + Query;
}
