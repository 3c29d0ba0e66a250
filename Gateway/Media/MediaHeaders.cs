using System.Net.Http.Headers;
using System.Text;

namespace Tangle.Gateway.Media;

/// <summary>
/// The headers media is served with. Uploaders choose the content type, so the disposition is what
/// keeps a browser from rendering an uploaded page as part of the client's origin: inline only for
/// the types the specification lists as safe, attachment for everything else, and a sandboxing
/// Content-Security-Policy in any case.
/// </summary>
internal static class MediaHeaders
{
    /// <summary>The policy the specification recommends for served content.</summary>
    public const string ContentSecurityPolicy =
        "sandbox; default-src 'none'; script-src 'none'; plugin-types application/pdf; style-src 'unsafe-inline'; object-src 'self';";

    /// <summary>Content types that may be served inline (specification, "Serving inline content").</summary>
    private static readonly HashSet<string> InlineTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "text/css", "text/plain", "text/csv", "application/json", "application/ld+json",
        "image/jpeg", "image/gif", "image/png", "image/apng", "image/webp", "image/avif",
        "video/mp4", "video/webm", "video/ogg", "video/quicktime",
        "audio/mp4", "audio/webm", "audio/aac", "audio/mpeg", "audio/ogg", "audio/wave", "audio/wav",
        "audio/x-wav", "audio/x-pn-wav", "audio/flac", "audio/x-flac",
    };

    public const string DefaultContentType = "application/octet-stream";

    public static bool IsInline(string contentType)
    {
        var separator = contentType.IndexOf(';', StringComparison.Ordinal);
        return InlineTypes.Contains((separator < 0 ? contentType : contentType[..separator]).Trim());
    }

    /// <summary>An uploader's Content-Type if it is a well-formed ASCII media type, else the default.</summary>
    public static string NormalizeContentType(string? contentType) =>
        !string.IsNullOrWhiteSpace(contentType) && Ascii.IsValid(contentType) && !contentType.Any(char.IsControl)
            && MediaTypeHeaderValue.TryParse(contentType, out _)
            ? contentType.Trim()
            : DefaultContentType;

    /// <summary>
    /// <c>inline</c> or <c>attachment</c>, with the file name if there is one: as a quoted string when
    /// it is printable ASCII, else RFC 6266's <c>filename*=utf-8''…</c> percent-encoding.
    /// </summary>
    public static string Disposition(bool inline, string? fileName)
    {
        var disposition = inline ? "inline" : "attachment";
        if (string.IsNullOrEmpty(fileName))
            return disposition;
        if (fileName.All(c => c is >= ' ' and <= '~'))
            return $"{disposition}; filename=\"{fileName.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
        var encoded = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(fileName))
        {
            // RFC 5987 attr-char: letters, digits and !#$&+-.^_`|~ stand for themselves.
            if (char.IsAsciiLetterOrDigit((char)b) || "!#$&+-.^_`|~".Contains((char)b, StringComparison.Ordinal))
                encoded.Append((char)b);
            else
                encoded.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return $"{disposition}; filename*=utf-8''{encoded}";
    }

    /// <summary>Sets the disposition and the security headers on a response that serves media.</summary>
    public static void Apply(HttpResponse response, string disposition)
    {
        var headers = response.Headers;
        headers.ContentDisposition = disposition;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers["Cross-Origin-Resource-Policy"] = "cross-origin";
        headers.XContentTypeOptions = "nosniff";
    }
}
