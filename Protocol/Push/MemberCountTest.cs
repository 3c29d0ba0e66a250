using System.Globalization;

namespace Tangle.Protocol.Push;

/// <summary>room_member_count's "is": a decimal integer, optionally prefixed by ==, &lt;, &gt;, &lt;= or &gt;= (== if bare).</summary>
public readonly record struct MemberCountTest(string Operator, long Count)
{
    private static readonly string[] Operators = ["==", "<=", ">=", "<", ">"];

    public static bool TryParse(string? text, out MemberCountTest test)
    {
        test = default;
        if (string.IsNullOrEmpty(text))
            return false;
        var op = Operators.FirstOrDefault(o => text.StartsWith(o, StringComparison.Ordinal)) ?? "==";
        var digits = text.StartsWith(op, StringComparison.Ordinal) ? text[op.Length..] : text;
        if (digits.Length == 0 || digits.Any(c => c is < '0' or > '9')
            || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            return false;
        test = new MemberCountTest(op, count);
        return true;
    }

    public bool Holds(long members) => Operator switch
    {
        "==" => members == Count,
        "<" => members < Count,
        ">" => members > Count,
        "<=" => members <= Count,
        ">=" => members >= Count,
        _ => false,
    };
}
