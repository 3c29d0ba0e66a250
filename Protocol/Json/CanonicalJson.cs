using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Tangle.Protocol.Json;

/// <summary>
/// Encodes JSON as Matrix canonical JSON: object keys sorted by code point, no insignificant
/// whitespace, UTF-8 with only the escapes the grammar requires, and integers only.
/// </summary>
public static class CanonicalJson
{
    /// <summary>Encodes <paramref name="value"/> canonically.</summary>
    /// <exception cref="CanonicalJsonException">A number canonical JSON cannot represent.</exception>
    public static byte[] Encode(JsonElement value, NumberPolicy numbers = NumberPolicy.CanonicalIntegers)
    {
        var output = new ArrayBufferWriter<byte>(256);
        Write(output, value, numbers);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Encodes an object canonically, leaving out the named top-level keys.</summary>
    public static byte[] EncodeWithout(JsonElement obj, ReadOnlySpan<string> skippedKeys, NumberPolicy numbers = NumberPolicy.CanonicalIntegers)
    {
        var output = new ArrayBufferWriter<byte>(512);
        WriteObject(output, obj, numbers, skippedKeys);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Encodes canonically, returning an error value rather than throwing.</summary>
    public static Result<byte[]> TryEncode(JsonElement value, NumberPolicy numbers = NumberPolicy.CanonicalIntegers)
    {
        try
        {
            return Encode(value, numbers);
        }
        catch (CanonicalJsonException e)
        {
            return ProtocolError.BadJson(e.Message);
        }
    }

    /// <summary>The canonical encoding as a string, for logs and tests.</summary>
    public static string EncodeToString(JsonElement value, NumberPolicy numbers = NumberPolicy.CanonicalIntegers) =>
        Encoding.UTF8.GetString(Encode(value, numbers));

    public static void Write(IBufferWriter<byte> output, JsonElement value, NumberPolicy numbers)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                WriteObject(output, value, numbers, []);
                break;
            case JsonValueKind.Array:
                output.Write("["u8);
                var first = true;
                foreach (var item in value.EnumerateArray())
                {
                    if (!first)
                        output.Write(","u8);
                    first = false;
                    Write(output, item, numbers);
                }

                output.Write("]"u8);
                break;
            case JsonValueKind.String:
                WriteStringValue(output, value);
                break;
            case JsonValueKind.Number:
                WriteNumber(output, JsonMarshal.GetRawUtf8Value(value), numbers);
                break;
            case JsonValueKind.True:
                output.Write("true"u8);
                break;
            case JsonValueKind.False:
                output.Write("false"u8);
                break;
            case JsonValueKind.Null:
                output.Write("null"u8);
                break;
            default:
                throw new CanonicalJsonException($"cannot encode a JSON value of kind {value.ValueKind}");
        }
    }

    internal static void WriteObject(IBufferWriter<byte> output, JsonElement obj, NumberPolicy numbers, ReadOnlySpan<string> skippedKeys)
    {
        var members = SortedMembers(obj, skippedKeys, out var count);
        try
        {
            output.Write("{"u8);
            for (var i = 0; i < count; i++)
            {
                if (i > 0)
                    output.Write(","u8);
                WriteEscaped(output, members[i].NameBytes);
                output.Write(":"u8);
                Write(output, members[i].Property.Value, numbers);
            }

            output.Write("}"u8);
        }
        finally
        {
            ArrayPool<Member>.Shared.Return(members, clearArray: true);
        }
    }

    /// <summary>An object's members in canonical order; the array is rented and must be returned.</summary>
    internal static Member[] SortedMembers(JsonElement obj, ReadOnlySpan<string> skippedKeys, out int count)
    {
        var members = ArrayPool<Member>.Shared.Rent(Math.Max(obj.GetPropertyCount(), 1));
        count = 0;
        foreach (var property in obj.EnumerateObject())
        {
            if (skippedKeys.Length > 0 && IsSkipped(property, skippedKeys))
                continue;
            members[count++] = new Member(property);
        }

        members.AsSpan(0, count).Sort(static (a, b) => a.NameBytes.SequenceCompareTo(b.NameBytes));
        return members;
    }

    private static bool IsSkipped(JsonProperty property, ReadOnlySpan<string> skippedKeys)
    {
        foreach (var key in skippedKeys)
        {
            if (property.NameEquals(key))
                return true;
        }

        return false;
    }

    /// <summary>A member with its key as unescaped UTF-8, whose byte order is code point order.</summary>
    internal readonly struct Member
    {
        private readonly byte[]? _unescaped;

        public Member(JsonProperty property)
        {
            Property = property;
            var raw = JsonMarshal.GetRawUtf8PropertyName(property);
            _unescaped = raw.Contains((byte)'\\') ? Encoding.UTF8.GetBytes(property.Name) : null;
        }

        public JsonProperty Property { get; }

        public ReadOnlySpan<byte> NameBytes => _unescaped ?? JsonMarshal.GetRawUtf8PropertyName(Property);
    }

    internal static void WriteStringValue(IBufferWriter<byte> output, JsonElement value)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        if (raw.Length >= 2 && raw[0] == (byte)'"')
            raw = raw[1..^1];
        if (raw.Contains((byte)'\\'))
            WriteEscaped(output, Encoding.UTF8.GetBytes(value.GetString()!));
        else
            WriteEscaped(output, raw);
    }

    /// <summary>Writes a quoted string from unescaped UTF-8, escaping only what the grammar requires.</summary>
    public static void WriteEscaped(IBufferWriter<byte> output, ReadOnlySpan<byte> text)
    {
        output.Write("\""u8);
        while (!text.IsEmpty)
        {
            var next = IndexOfEscapeNeeded(text);
            if (next < 0)
            {
                output.Write(text);
                break;
            }

            output.Write(text[..next]);
            var b = text[next];
            switch (b)
            {
                case (byte)'"': output.Write("\\\""u8); break;
                case (byte)'\\': output.Write("\\\\"u8); break;
                case 0x08: output.Write("\\b"u8); break;
                case 0x09: output.Write("\\t"u8); break;
                case 0x0A: output.Write("\\n"u8); break;
                case 0x0C: output.Write("\\f"u8); break;
                case 0x0D: output.Write("\\r"u8); break;
                default:
                    Span<byte> escape = [(byte)'\\', (byte)'u', (byte)'0', (byte)'0', Hex(b >> 4), Hex(b & 0xF)];
                    output.Write(escape);
                    break;
            }

            text = text[(next + 1)..];
        }

        output.Write("\""u8);
    }

    private static int IndexOfEscapeNeeded(ReadOnlySpan<byte> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var b = text[i];
            if (b < 0x20 || b == (byte)'"' || b == (byte)'\\')
                return i;
        }

        return -1;
    }

    private static byte Hex(int nibble) => (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);

    private static void WriteNumber(IBufferWriter<byte> output, ReadOnlySpan<byte> raw, NumberPolicy numbers)
    {
        if (IsPlainInteger(raw))
        {
            if (numbers == NumberPolicy.CanonicalIntegers && StrictJson.CheckCanonicalInteger(raw) is { } problem)
                throw new CanonicalJsonException(problem);
            output.Write(raw);
            return;
        }

        // "-0", exponents and fractions: representable only if the value is an integer in range.
        var value = double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (double.IsFinite(value) && Math.Floor(value) == value && Math.Abs(value) <= StrictJson.MaxSafeInteger)
        {
            Span<byte> digits = stackalloc byte[24];
            ((long)value).TryFormat(digits, out var written, default, CultureInfo.InvariantCulture);
            output.Write(digits[..written]);
            return;
        }

        if (numbers == NumberPolicy.CanonicalIntegers)
            throw new CanonicalJsonException($"number {Encoding.UTF8.GetString(raw)} is not an integer in canonical JSON's range");
        output.Write(Encoding.ASCII.GetBytes(LegacyFloat.Format(value)));
    }

    /// <summary>True for <c>-?(0|[1-9][0-9]*)</c> other than "-0".</summary>
    private static bool IsPlainInteger(ReadOnlySpan<byte> raw)
    {
        var digits = raw[0] == (byte)'-' ? raw[1..] : raw;
        if (digits.IsEmpty || digits.IndexOfAnyExcept("0123456789"u8) >= 0)
            return false;
        if (digits[0] == (byte)'0')
            return digits.Length == 1 && raw.Length == 1;
        return true;
    }
}
