using System.Text;
using System.Text.Json;
using Tangle.Protocol.Crypto;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Json;

namespace Tangle.Protocol.Federation;

/// <summary>
/// The <c>Authorization: X-Matrix …</c> header that signs a server-server request: the origin's signature
/// over the request's method, target, origin, destination and JSON body.
/// </summary>
/// <param name="Origin">The sending server's name.</param>
/// <param name="Destination">The receiving server's name; older servers leave it out.</param>
/// <param name="KeyId">The origin's key that made the signature, such as <c>ed25519:a_key</c>.</param>
/// <param name="Signature">Unpadded base64 of the ed25519 signature.</param>
public sealed record XMatrixAuthorization(ServerName Origin, ServerName? Destination, string KeyId, string Signature)
{
    public const string Scheme = "X-Matrix";

    /// <summary>Signs a request as <paramref name="origin"/> for <paramref name="destination"/>.</summary>
    /// <param name="target">The request target: the path from <c>/_matrix/</c> with its query string, as sent.</param>
    /// <param name="content">The parsed JSON body, or null for a request without one.</param>
    public static XMatrixAuthorization Sign(
        string method, string target, ServerName origin, ServerName destination, JsonElement? content, SigningKey key)
    {
        var request = RequestJson(method, target, origin, destination, content);
        return new XMatrixAuthorization(origin, destination, key.KeyId, JsonSignatures.SignatureOf(request, key));
    }

    /// <summary>
    /// Checks the signature against the origin's key <paramref name="key"/>. The receiver passes its own
    /// name as <paramref name="receiver"/>: a header naming another destination is refused, and one naming
    /// none is checked as if it named the receiver, as older servers signed it.
    /// </summary>
    public SignatureCheck Verify(string method, string target, ServerName receiver, JsonElement? content, VerifyKey key)
    {
        if (Destination is not null && Destination != receiver)
            return new SignatureCheck(SignatureOutcome.Invalid, Origin.Value, [KeyId]);
        if (key.KeyId != KeyId)
            return new SignatureCheck(SignatureOutcome.UnknownKey, Origin.Value, [KeyId]);
        if (!UnpaddedBase64.TryDecode(Signature, out var signature))
            return new SignatureCheck(SignatureOutcome.Invalid, Origin.Value, [KeyId]);
        byte[] bytes;
        try
        {
            bytes = JsonSignatures.SigningBytes(RequestJson(method, target, Origin, receiver, content));
        }
        catch (CanonicalJsonException)
        {
            // A body with floats or out-of-range integers has no canonical form, so nothing can have signed it.
            return new SignatureCheck(SignatureOutcome.Invalid, Origin.Value, [KeyId]);
        }

        return key.Verify(bytes, signature)
            ? new SignatureCheck(SignatureOutcome.Valid, Origin.Value, [KeyId])
            : new SignatureCheck(SignatureOutcome.Invalid, Origin.Value, [KeyId]);
    }

    /// <summary>The JSON object the signature covers (step 1 of request authentication).</summary>
    public static JsonElement RequestJson(string method, string target, ServerName origin, ServerName destination, JsonElement? content)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("method", method);
            writer.WriteString("uri", target);
            writer.WriteString("origin", origin.Value);
            writer.WriteString("destination", destination.Value);
            if (content is { } body)
            {
                writer.WritePropertyName("content");
                body.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
    }

    /// <summary>The header value as a sender should write it: one space, lower-case names, quoted values.</summary>
    public string ToHeaderValue()
    {
        var header = new StringBuilder(Scheme).Append(" origin=").Append(Quote(Origin.Value));
        if (Destination is not null)
            header.Append(",destination=").Append(Quote(Destination.Value));
        return header.Append(",key=").Append(Quote(KeyId)).Append(",sig=").Append(Quote(Signature)).ToString();
    }

    /// <summary>
    /// Parses an Authorization header value: the scheme, one or more spaces, then comma-separated
    /// name=value parameters (names case-insensitive, values quoted or bare tokens, bare values may hold
    /// colons for older senders). Unknown parameters are ignored.
    /// </summary>
    public static Result<XMatrixAuthorization> Parse(string? header)
    {
        if (header is null || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            || header.Length == Scheme.Length || header[Scheme.Length] != ' ')
            return Bad("the Authorization header does not use the X-Matrix scheme");

        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var text = header.AsSpan(Scheme.Length).TrimStart(' ');
        while (true)
        {
            var equals = text.IndexOf('=');
            if (equals <= 0)
                return Bad("an X-Matrix parameter has no name=value form");
            var name = text[..equals].ToString();
            if (!name.All(IsTokenChar))
                return Bad($"'{name}' is not a parameter name");
            text = text[(equals + 1)..];

            string value;
            if (text.Length > 0 && text[0] == '"')
            {
                if (!TryReadQuoted(ref text, out value))
                    return Bad($"the value of '{name}' has no closing quote");
            }
            else
            {
                var end = 0;
                while (end < text.Length && (IsTokenChar(text[end]) || text[end] == ':'))
                    end++;
                if (end == 0)
                    return Bad($"'{name}' has an empty value");
                value = text[..end].ToString();
                text = text[end..];
            }

            // A repeated parameter makes the header ambiguous, so it is refused rather than guessed at.
            if (!parameters.TryAdd(name, value))
                return Bad($"'{name}' appears twice");
            text = text.TrimStart(" \t");
            if (text.IsEmpty)
                break;
            if (text[0] != ',')
                return Bad("X-Matrix parameters must be separated by commas");
            text = text[1..].TrimStart(" \t");
        }

        if (!parameters.TryGetValue("origin", out var originText) || !ServerName.Parse(originText).TryGetValue(out var origin, out _))
            return Bad("the X-Matrix header has no valid origin");
        ServerName? destination = null;
        if (parameters.TryGetValue("destination", out var destinationText))
        {
            if (!ServerName.Parse(destinationText).TryGetValue(out destination, out _))
                return Bad("the X-Matrix header's destination is not a server name");
        }

        if (!parameters.TryGetValue("key", out var keyId) || !KeyIds.IsEd25519(keyId))
            return Bad("the X-Matrix header has no ed25519 key id");
        if (!parameters.TryGetValue("sig", out var signature) || signature.Length == 0)
            return Bad("the X-Matrix header has no signature");
        return new XMatrixAuthorization(origin, destination, keyId, signature);
    }

    private static bool TryReadQuoted(ref ReadOnlySpan<char> text, out string value)
    {
        var builder = new StringBuilder();
        for (var i = 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                builder.Append(text[++i]);
            }
            else if (c == '"')
            {
                value = builder.ToString();
                text = text[(i + 1)..];
                return true;
            }
            else
            {
                builder.Append(c);
            }
        }

        value = "";
        return false;
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    // RFC 9110 tchar.
    private static bool IsTokenChar(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9'
            or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';

    private static ProtocolError Bad(string message) => new(ProtocolErrorKind.BadSignature, message);
}
