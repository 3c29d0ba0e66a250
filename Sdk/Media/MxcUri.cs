using System.Diagnostics.CodeAnalysis;

namespace Tangle.Sdk.Media;

/// <summary>A Matrix content URI, <c>mxc://{serverName}/{mediaId}</c>.</summary>
/// <param name="ServerName">The server that holds the media.</param>
/// <param name="MediaId">The media ID on that server.</param>
public readonly record struct MxcUri(string ServerName, string MediaId)
{
    private const string Scheme = "mxc://";

    /// <summary>Parses <c>mxc://server/id</c>, failing on anything else.</summary>
    public static MxcUri Parse(string uri) =>
        TryParse(uri, out var mxc) ? mxc : throw new FormatException($"'{uri}' is not an mxc:// URI.");

    /// <summary>Parses <c>mxc://server/id</c>; both parts must be non-empty and the ID must hold no further <c>/</c>.</summary>
    public static bool TryParse([NotNullWhen(true)] string? uri, out MxcUri mxc)
    {
        mxc = default;
        if (uri is null || !uri.StartsWith(Scheme, StringComparison.Ordinal))
            return false;
        var rest = uri.AsSpan(Scheme.Length);
        var slash = rest.IndexOf('/');
        if (slash <= 0 || slash == rest.Length - 1 || rest[(slash + 1)..].Contains('/'))
            return false;
        mxc = new MxcUri(rest[..slash].ToString(), rest[(slash + 1)..].ToString());
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Scheme}{ServerName}/{MediaId}";
}
