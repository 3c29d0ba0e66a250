namespace Tangle.Sdk.Http;

/// <summary>A successful response, fully read: the body and the content headers a caller may need.</summary>
/// <param name="Body">The body bytes.</param>
/// <param name="ContentType">The <c>Content-Type</c> header, if any.</param>
/// <param name="FileName">The file name from <c>Content-Disposition</c>, if any.</param>
internal sealed record RawResponse(byte[] Body, string? ContentType, string? FileName)
{
    public static async Task<RawResponse> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var headers = response.Content.Headers;
        var disposition = headers.ContentDisposition;
        var fileName = disposition?.FileNameStar ?? disposition?.FileName?.Trim('"');
        return new RawResponse(body, headers.ContentType?.ToString(), fileName);
    }
}
