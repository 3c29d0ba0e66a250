using System.Security.Cryptography;

namespace Tangle.Gateway.Media;

/// <summary>
/// Media ids: the path component of an <c>mxc://</c> URI. The specification allows only
/// <c>A-Za-z0-9_-</c>, which is also what keeps a media id from ever naming another file on disk.
/// </summary>
internal static class MediaIds
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>Long enough that guessing one is hopeless (the legacy download endpoints need no token).</summary>
    public const int Length = 24;

    public static string Generate() => new(RandomNumberGenerator.GetItems<char>(Alphabet, Length));

    /// <summary>Whether a media id from a URL is well-formed; ids are also capped in length so paths stay short.</summary>
    public static bool IsValid(string? mediaId) =>
        !string.IsNullOrEmpty(mediaId) && mediaId.Length <= 255 && mediaId.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    public static string MxcUri(string serverName, string mediaId) => $"mxc://{serverName}/{mediaId}";
}
