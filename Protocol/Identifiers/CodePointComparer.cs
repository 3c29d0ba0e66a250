namespace Tangle.Protocol.Identifiers;

/// <summary>
/// Orders strings by Unicode code point, which is what the specification means by "less than" for
/// event ids and what canonical JSON means for key order. Plain ordinal comparison of UTF-16 differs
/// once characters above U+FFFF (surrogate pairs) meet characters in U+E000–U+FFFF.
/// </summary>
public sealed class CodePointComparer : IComparer<string>
{
    public static readonly CodePointComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
            return 0;
        if (x is null)
            return -1;
        if (y is null)
            return 1;
        return CompareSpans(x, y);
    }

    public static int CompareSpans(ReadOnlySpan<char> x, ReadOnlySpan<char> y)
    {
        var common = x.CommonPrefixLength(y);
        if (common == x.Length || common == y.Length)
            return x.Length.CompareTo(y.Length);
        var a = x[common];
        var b = y[common];
        // Surrogates (D800–DFFF) encode code points above every BMP character, so they sort after E000–FFFF.
        var aHigh = char.IsSurrogate(a);
        var bHigh = char.IsSurrogate(b);
        if (aHigh != bHigh && (a >= '\ue000' || b >= '\ue000'))
            return aHigh ? 1 : -1;
        return a.CompareTo(b);
    }
}
