using System.Buffers.Text;

namespace Tangle.Protocol.Crypto;

/// <summary>Matrix's unpadded base64, standard and URL-safe alphabets.</summary>
public static class UnpaddedBase64
{
    public static string Encode(ReadOnlySpan<byte> data) => Convert.ToBase64String(data).TrimEnd('=');

    public static string EncodeUrlSafe(ReadOnlySpan<byte> data) => Base64Url.EncodeToString(data);

    /// <summary>Decodes standard base64, with or without padding, as the specification asks receivers to accept.</summary>
    public static bool TryDecode(string? text, out byte[] bytes)
    {
        bytes = [];
        if (text is null)
            return false;
        if (text.Contains('-') || text.Contains('_'))
            return false;
        var padded = (text.Length % 4) switch
        {
            0 => text,
            2 => text + "==",
            3 => text + "=",
            _ => null,
        };
        if (padded is null)
            return false;
        var buffer = new byte[padded.Length / 4 * 3];
        if (!Convert.TryFromBase64String(padded, buffer, out var written))
            return false;
        bytes = buffer.AsSpan(0, written).ToArray();
        return true;
    }

    /// <summary>Decodes URL-safe base64, with or without padding.</summary>
    public static bool TryDecodeUrlSafe(string? text, out byte[] bytes)
    {
        bytes = [];
        if (text is null || text.Contains('+') || text.Contains('/'))
            return false;
        var trimmed = text.TrimEnd('=');
        try
        {
            bytes = Base64Url.DecodeFromChars(trimmed);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Decodes either alphabet; public keys in third-party invites are written in both.</summary>
    public static bool TryDecodeAny(string? text, out byte[] bytes) =>
        TryDecode(text, out bytes) || TryDecodeUrlSafe(text, out bytes);
}
