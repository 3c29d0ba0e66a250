using System.Runtime.CompilerServices;
using System.Text;

namespace Tangle.Sdk.Http;

/// <summary>
/// Builds endpoint paths from interpolated strings in which every hole is percent-encoded as one path
/// segment, so a room ID <c>!a:b</c>, an alias <c>#a:b</c> or a v3 event ID containing <c>/</c> and
/// <c>+</c> can never break out of its segment: <c>MatrixPath.V3($"/rooms/{roomId}/event/{eventId}")</c>.
/// </summary>
internal static class MatrixPath
{
    public const string ClientV3Prefix = "/_matrix/client/v3";
    public const string ClientV1Prefix = "/_matrix/client/v1";
    public const string MediaV3Prefix = "/_matrix/media/v3";

    /// <summary>A path under <c>/_matrix/client/v3</c>.</summary>
    public static string V3(ref EscapedPath path) => ClientV3Prefix + path.ToStringAndClear();

    /// <summary>A path under <c>/_matrix/client/v1</c>.</summary>
    public static string V1(ref EscapedPath path) => ClientV1Prefix + path.ToStringAndClear();

    /// <summary>A path under <c>/_matrix/media/v3</c>.</summary>
    public static string MediaV3(ref EscapedPath path) => MediaV3Prefix + path.ToStringAndClear();

    /// <summary>Any other path, e.g. <c>/_matrix/client/versions</c> or the admin API.</summary>
    public static string Raw(ref EscapedPath path) => path.ToStringAndClear();

    /// <summary>
    /// Percent-encodes one path segment: everything outside RFC 3986's unreserved set, and the dots of a
    /// segment that is exactly <c>.</c> or <c>..</c> (a legal state key), which URI normalisation would
    /// otherwise resolve away.
    /// </summary>
    public static string EscapeSegment(string value) => value switch
    {
        "." => "%2E",
        ".." => "%2E%2E",
        _ => Uri.EscapeDataString(value),
    };
}

/// <summary>The interpolated string handler behind <see cref="MatrixPath"/>: literals verbatim, holes escaped.</summary>
[InterpolatedStringHandler]
internal ref struct EscapedPath
{
    private readonly StringBuilder _builder;

    public EscapedPath(int literalLength, int formattedCount) => _builder = new StringBuilder(literalLength + (formattedCount * 24));

    public readonly void AppendLiteral(string literal) => _builder.Append(literal);

    public readonly void AppendFormatted(string value) => _builder.Append(MatrixPath.EscapeSegment(value));

    public readonly void AppendFormatted<T>(T value) where T : IFormattable =>
        _builder.Append(MatrixPath.EscapeSegment(value.ToString(null, System.Globalization.CultureInfo.InvariantCulture)));

    public readonly string ToStringAndClear() => _builder.ToString();
}
