using System.Net;
using System.Net.Http.Headers;
using System.Runtime.ExceptionServices;
using System.Text.Json;

namespace Tangle.Sdk.Http;

/// <summary>
/// Sends <see cref="MatrixRequest"/>s: builds each attempt afresh, adds the bearer token, turns error
/// bodies into <see cref="MatrixException"/>s, and retries as the <see cref="RetryPolicy"/> allows.
/// Holds no per-request state, so one instance serves any number of concurrent calls.
/// </summary>
internal sealed class MatrixHttp(HttpClient http, Uri baseUri, MatrixClientOptions options, Func<MatrixSession?> session)
{
    private readonly string _base = baseUri.GetLeftPart(UriPartial.Path).TrimEnd('/');

    public Uri BaseUri { get; } = baseUri;

    /// <summary>Sends the request and deserialises the JSON response body.</summary>
    public async Task<T> SendAsync<T>(MatrixRequest request, CancellationToken cancellationToken)
    {
        var raw = await SendRawAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize<T>(raw.Body, MatrixJson.Options)
                ?? throw new JsonException($"{request.Method} {request.Path} returned null.");
        }
        catch (JsonException e)
        {
            throw new JsonException($"{request.Method} {request.Path}: the response is not a valid {typeof(T).Name}: {e.Message}", e);
        }
    }

    /// <summary>Sends the request and ignores the (empty object) response body.</summary>
    public async Task SendAsync(MatrixRequest request, CancellationToken cancellationToken) =>
        await SendRawAsync(request, cancellationToken).ConfigureAwait(false);

    /// <summary>Sends the request and returns the response body as bytes with its content headers.</summary>
    public async Task<RawResponse> SendRawAsync(MatrixRequest request, CancellationToken cancellationToken)
    {
        var policy = options.Retry;
        var token = TokenFor(request);
        var body = request.Body is null ? null : JsonSerializer.SerializeToUtf8Bytes(request.Body, MatrixJson.Options);
        var rateLimitRetries = 0;
        var transientRetries = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(options.RequestTimeout + request.LongPoll);
            ExceptionDispatchInfo? failure = null;
            try
            {
                using var message = BuildMessage(request, token, body);
                using var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, attempt.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                    return await RawResponse.ReadAsync(response, attempt.Token).ConfigureAwait(false);

                var error = await MatrixErrors.ReadAsync(response, options.TimeProvider, attempt.Token).ConfigureAwait(false);
                if (error.StatusCode == HttpStatusCode.TooManyRequests && rateLimitRetries < policy.MaxRateLimitRetries)
                {
                    var wait = error.RetryAfter ?? policy.DefaultRateLimitWait;
                    if (wait > policy.MaxRateLimitWait)
                        throw error;
                    rateLimitRetries++;
                    await Task.Delay(wait, options.TimeProvider, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (!IsTransientStatus(error.StatusCode))
                    throw error;
                failure = ExceptionDispatchInfo.Capture(error);
            }
            catch (HttpRequestException e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                failure = ExceptionDispatchInfo.Capture(new TimeoutException(
                    $"{request.Method} {request.Path} timed out after {options.RequestTimeout + request.LongPoll}.", e));
            }

            if (!request.IsIdempotent || transientRetries >= policy.MaxTransientRetries)
                failure.Throw();
            transientRetries++;
            await Task.Delay(policy.BackoffFor(transientRetries), options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The absolute URI a request goes to, exactly as built: every segment is already escaped, so the URI
    /// parser must neither unescape nor resolve dot segments (a state key may be <c>..</c>).
    /// </summary>
    public Uri UriFor(MatrixRequest request) => new(_base + request.PathAndQuery, ExactPath);

    private static readonly UriCreationOptions ExactPath = new() { DangerousDisablePathAndQueryCanonicalization = true };

    private string? TokenFor(MatrixRequest request) => request.Auth switch
    {
        AuthMode.None => null,
        AuthMode.IfAvailable => session()?.AccessToken,
        _ => session()?.AccessToken ?? throw new InvalidOperationException(
            $"{request.Method} {request.Path} needs an access token: log in, register or restore a session first."),
    };

    private HttpRequestMessage BuildMessage(MatrixRequest request, string? token, byte[]? jsonBody)
    {
        var message = new HttpRequestMessage(request.Method, UriFor(request));
        if (token is not null)
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (options.UserAgent is { } userAgent)
            message.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (jsonBody is not null)
        {
            message.Content = new ByteArrayContent(jsonBody);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        else if (request.RawBody is not null)
        {
            message.Content = new ByteArrayContent(request.RawBody);
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.RawContentType ?? "application/octet-stream");
        }

        return message;
    }

    private static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;
}
