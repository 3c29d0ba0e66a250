using System.Text.Json;

namespace Tangle.Protocol.Push;

/// <summary>
/// The non-compound canonical JSON values that event_property_is and event_property_contains compare:
/// strings, integers within ±(2^53 − 1), booleans and null, compared exactly and never cast.
/// </summary>
public static class SimpleValues
{
    private const long MaxSafeInteger = (1L << 53) - 1;

    public static bool IsSimple(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null => true,
        JsonValueKind.Number => value.TryGetInt64(out var number) && number is >= -MaxSafeInteger and <= MaxSafeInteger,
        _ => false,
    };

    public static bool Equal(JsonElement a, JsonElement b)
    {
        if (!IsSimple(a) || !IsSimple(b) || a.ValueKind != b.ValueKind)
            return false;
        return a.ValueKind switch
        {
            JsonValueKind.String => string.Equals(a.GetString(), b.GetString(), StringComparison.Ordinal),
            JsonValueKind.Number => a.GetInt64() == b.GetInt64(),
            _ => true,
        };
    }
}
