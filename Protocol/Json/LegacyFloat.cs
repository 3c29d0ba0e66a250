using System.Globalization;

namespace Tangle.Protocol.Json;

/// <summary>
/// The float text that servers of room versions 1 to 5 produced: the shortest digits that round-trip,
/// fixed notation for decimal exponents from -4 to 15 (with ".0" on integral values), otherwise
/// <c>d.ddde±XX</c>. Legacy events re-encode to the bytes their senders hashed.
/// </summary>
internal static class LegacyFloat
{
    public static string Format(double value)
    {
        if (!double.IsFinite(value))
            throw new CanonicalJsonException("NaN and infinities cannot be encoded");
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = text.StartsWith('-');
        if (negative)
            text = text[1..];

        var exponentAt = text.IndexOf('E');
        var power = exponentAt < 0 ? 0 : int.Parse(text[(exponentAt + 1)..], CultureInfo.InvariantCulture);
        var mantissa = exponentAt < 0 ? text : text[..exponentAt];
        var point = mantissa.IndexOf('.');
        var integerPart = point < 0 ? mantissa : mantissa[..point];
        var digits = point < 0 ? mantissa : integerPart + mantissa[(point + 1)..];
        var pointPosition = integerPart.Length + power;

        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        pointPosition -= leadingZeros;
        if (digits.Length == 0)
            return negative ? "-0.0" : "0.0";

        var exponent = pointPosition - 1;
        string body;
        if (exponent is >= -4 and < 16)
        {
            if (pointPosition <= 0)
                body = "0." + new string('0', -pointPosition) + digits;
            else if (pointPosition >= digits.Length)
                body = digits + new string('0', pointPosition - digits.Length) + ".0";
            else
                body = digits[..pointPosition] + "." + digits[pointPosition..];
        }
        else
        {
            var fraction = digits.Length > 1 ? "." + digits[1..] : string.Empty;
            body = $"{digits[0]}{fraction}e{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent):00}";
        }

        return negative ? "-" + body : body;
    }
}
