using System.Text.Json;
using System.Text.Unicode;

namespace Tangle.Protocol.Json;

/// <summary>
/// Parses JSON the way Matrix needs it parsed: valid UTF-8, no duplicate keys, no unpaired surrogate
/// escapes, and (by default) only integers in the canonical range. Every refusal is a
/// <see cref="ProtocolError"/> that says what was wrong.
/// </summary>
public static class StrictJson
{
    /// <summary>The deepest nesting accepted; deeper input is refused before it can exhaust the stack.</summary>
    public const int MaxDepth = 100;

    /// <summary>The largest integer canonical JSON allows, 2^53 - 1.</summary>
    public const long MaxSafeInteger = (1L << 53) - 1;

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        MaxDepth = MaxDepth,
    };

    /// <summary>Parses and validates <paramref name="utf8"/>; the returned element owns its memory.</summary>
    public static Result<JsonElement> Parse(ReadOnlySpan<byte> utf8, NumberPolicy numbers = NumberPolicy.CanonicalIntegers)
    {
        var problem = Validate(utf8, numbers);
        if (problem is not null)
            return problem;
        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        return JsonElement.ParseValue(ref reader);
    }

    /// <summary>Parses and validates a JSON text held as a string.</summary>
    public static Result<JsonElement> Parse(string text, NumberPolicy numbers = NumberPolicy.CanonicalIntegers)
    {
        // A string can hold unpaired surrogates that UTF-8 cannot: refuse them rather than replace them.
        if (HasUnpairedSurrogate(text))
            return ProtocolError.NotJson("text contains an unpaired surrogate");
        return Parse(System.Text.Encoding.UTF8.GetBytes(text), numbers);
    }

    /// <summary>Parses and requires the top-level value to be an object, as every Matrix body and event is.</summary>
    public static Result<JsonElement> ParseObject(ReadOnlySpan<byte> utf8, NumberPolicy numbers = NumberPolicy.CanonicalIntegers)
    {
        var parsed = Parse(utf8, numbers);
        if (parsed.IsOk && parsed.Value.ValueKind != JsonValueKind.Object)
            return ProtocolError.BadJson("expected a JSON object");
        return parsed;
    }

    /// <summary>Returns null if <paramref name="utf8"/> is acceptable, or the first problem found.</summary>
    public static ProtocolError? Validate(ReadOnlySpan<byte> utf8, NumberPolicy numbers)
    {
        if (utf8.IsEmpty)
            return ProtocolError.NotJson("body is empty");
        if (!Utf8.IsValid(utf8))
            return ProtocolError.NotJson("body is not valid UTF-8");

        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        var keys = new Stack<HashSet<string>>();
        var spare = new Stack<HashSet<string>>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        keys.Push(spare.Count > 0 ? spare.Pop() : new HashSet<string>(StringComparer.Ordinal));
                        break;
                    case JsonTokenType.EndObject:
                        var done = keys.Pop();
                        done.Clear();
                        spare.Push(done);
                        break;
                    case JsonTokenType.PropertyName:
                        if (reader.ValueIsEscaped && HasUnpairedSurrogateEscape(reader.ValueSpan))
                            return ProtocolError.BadJson("a key contains an unpaired surrogate escape");
                        var name = reader.GetString()!;
                        if (!keys.Peek().Add(name))
                            return ProtocolError.BadJson($"duplicate key '{name}'");
                        break;
                    case JsonTokenType.String:
                        if (reader.ValueIsEscaped && HasUnpairedSurrogateEscape(reader.ValueSpan))
                            return ProtocolError.BadJson("a string contains an unpaired surrogate escape");
                        break;
                    case JsonTokenType.Number when numbers == NumberPolicy.CanonicalIntegers:
                        var numberProblem = CheckCanonicalInteger(reader.ValueSpan);
                        if (numberProblem is not null)
                            return ProtocolError.BadJson(numberProblem);
                        break;
                }
            }
        }
        catch (JsonException e)
        {
            return ProtocolError.NotJson(TrimReaderMessage(e.Message));
        }
        catch (InvalidOperationException e)
        {
            return ProtocolError.BadJson(e.Message);
        }

        return null;
    }

    /// <summary>Null if <paramref name="number"/> is an integer canonical JSON allows, otherwise why not.</summary>
    internal static string? CheckCanonicalInteger(ReadOnlySpan<byte> number)
    {
        var digits = number[0] == (byte)'-' ? number[1..] : number;
        if (digits.IndexOfAnyExcept("0123456789"u8) >= 0)
            return "numbers must be integers: floats and exponents are not allowed";
        if (digits.Length > 16 || !long.TryParse(digits, out var magnitude) || magnitude > MaxSafeInteger)
            return "integer out of range: canonical JSON allows only -(2^53)+1 to (2^53)-1";
        return null;
    }

    /// <summary>Scans the raw text of an escaped JSON string for \u escapes that do not form a surrogate pair.</summary>
    internal static bool HasUnpairedSurrogateEscape(ReadOnlySpan<byte> raw)
    {
        var expectLow = false;
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != (byte)'\\')
            {
                if (expectLow)
                    return true;
                continue;
            }

            var kind = raw[i + 1];
            if (kind != (byte)'u')
            {
                if (expectLow)
                    return true;
                i++;
                continue;
            }

            var unit = ParseHex4(raw.Slice(i + 2, 4));
            i += 5;
            if (unit is >= 0xD800 and <= 0xDBFF)
            {
                if (expectLow)
                    return true;
                expectLow = true;
            }
            else if (unit is >= 0xDC00 and <= 0xDFFF)
            {
                if (!expectLow)
                    return true;
                expectLow = false;
            }
            else if (expectLow)
            {
                return true;
            }
        }

        return expectLow;
    }

    private static int ParseHex4(ReadOnlySpan<byte> hex)
    {
        var value = 0;
        foreach (var b in hex)
        {
            value <<= 4;
            value |= b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                _ => 0,
            };
        }

        return value;
    }

    private static bool HasUnpairedSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                    return true;
                i++;
            }
            else if (char.IsLowSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static string TrimReaderMessage(string message)
    {
        var cut = message.IndexOf(" LineNumber", StringComparison.Ordinal);
        return "not valid JSON: " + (cut > 0 ? message[..cut].TrimEnd('.', ' ') : message);
    }
}
