using System.Net;
using System.Text;
using System.Text.Json;
using Tangle.Sdk.Accounts;

namespace Tangle.Sdk.Http;

/// <summary>Reads an error response into a <see cref="MatrixException"/>.</summary>
internal static class MatrixErrors
{
    public static async Task<MatrixException> ReadAsync(HttpResponseMessage response, TimeProvider clock, CancellationToken cancellationToken)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var headerWait = RetryAfterHeader(response, clock);
        return FromBody(response.StatusCode, bytes, headerWait, response.ReasonPhrase);
    }

    /// <summary>
    /// Builds the exception from a status and body. The wait comes from the <c>Retry-After</c> header when
    /// present (the spec's preferred form since v1.10), else from the body's <c>retry_after_ms</c>.
    /// </summary>
    public static MatrixException FromBody(HttpStatusCode status, byte[] bytes, TimeSpan? headerWait = null, string? reason = null)
    {
        JsonElement? body = null;
        try
        {
            using var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
                body = document.RootElement.Clone();
        }
        catch (JsonException)
        {
        }

        if (body is not { } json)
        {
            var text = Encoding.UTF8.GetString(bytes);
            return new MatrixException(status, ErrorCodes.Unknown, text.Length > 0 ? Truncate(text) : reason ?? status.ToString(), headerWait);
        }

        var errCode = StringProperty(json, "errcode") ?? ErrorCodes.Unknown;
        var error = StringProperty(json, "error") ?? reason ?? status.ToString();
        var wait = headerWait;
        if (wait is null && json.TryGetProperty("retry_after_ms", out var ms) && ms.TryGetInt64(out var millis) && millis >= 0)
            wait = TimeSpan.FromMilliseconds(millis);
        InteractiveAuthFlows? flows = null;
        if (status == HttpStatusCode.Unauthorized && json.TryGetProperty("flows", out var f) && f.ValueKind == JsonValueKind.Array)
            flows = json.Deserialize<InteractiveAuthFlows>(MatrixJson.Options);
        return new MatrixException(status, errCode, error, wait, json, flows);
    }

    private static TimeSpan? RetryAfterHeader(HttpResponseMessage response, TimeProvider clock)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
            return delta;
        if (header?.Date is { } date)
        {
            var wait = date - clock.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private static string? StringProperty(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Truncate(string text) => text.Length <= 512 ? text : text[..512] + "…";
}
