using System.Text;

namespace Tangle.Protocol.Identifiers;

/// <summary>Character-level checks shared by the identifier grammars.</summary>
internal static class IdentifierText
{
    /// <summary>The most bytes of UTF-8 any sigilled identifier may take.</summary>
    public const int MaxBytes = 255;

    public static bool FitsLength(string value) => Encoding.UTF8.GetByteCount(value) <= MaxBytes;

    /// <summary>
    /// True if every code point is a valid, non-surrogate scalar value other than ':' and NUL:
    /// the historical localpart grammar shared by user ids, room ids and aliases.
    /// </summary>
    public static bool IsOpaqueLocalpart(ReadOnlySpan<char> text) =>
        !text.Contains(':') && IsScalarTextWithoutNul(text);

    /// <summary>True if the text holds only valid scalar values (no unpaired surrogates) and no NUL.</summary>
    public static bool IsScalarTextWithoutNul(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
                return false;
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                    return false;
                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The localpart grammar for user ids created today: a-z, 0-9 and <c>.=_-/+</c>.</summary>
    public static bool IsCompliantUserLocalpart(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
            return false;
        foreach (var c in text)
        {
            if (!(c is >= 'a' and <= 'z' || c is >= '0' and <= '9' || c is '.' or '_' or '=' or '-' or '/' or '+'))
                return false;
        }

        return true;
    }

    /// <summary>Whether every character is printable ASCII (U+0021 to U+007E).</summary>
    public static bool IsPrintableAscii(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is < '\u0021' or > '\u007e')
                return false;
        }

        return true;
    }

    /// <summary>Splits <c>sigil localpart ":" server</c> at the first colon.</summary>
    public static Result<(string Localpart, ServerName Server)> SplitSigilled(string? value, char sigil, string what)
    {
        if (string.IsNullOrEmpty(value))
            return ProtocolError.Identifier($"{what} is empty");
        if (value[0] != sigil)
            return ProtocolError.Identifier($"{what} '{value}' does not start with '{sigil}'");
        if (!FitsLength(value))
            return ProtocolError.Identifier($"{what} is longer than {MaxBytes} bytes");
        var colon = value.IndexOf(':');
        if (colon < 0)
            return ProtocolError.Identifier($"{what} '{value}' has no server name");
        var localpart = value[1..colon];
        if (!IsOpaqueLocalpart(localpart))
            return ProtocolError.Identifier($"{what} '{value}' has a localpart with a NUL or an unpaired surrogate");
        var server = ServerName.Parse(value[(colon + 1)..]);
        if (!server.IsOk)
            return ProtocolError.Identifier($"{what} '{value}': {server.Error.Message}");
        return (localpart, server.Value);
    }
}
