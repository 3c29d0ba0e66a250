using System.Text;
using System.Text.RegularExpressions;

namespace Tangle.Protocol.Push;

/// <summary>
/// The appendix's glob-style patterns (<c>*</c> any run of characters, <c>?</c> exactly one),
/// matched case-insensitively, either against a whole value or against any substring that starts and
/// ends at a word boundary (the ends of the value, or a character outside [A-Za-z0-9_]).
/// </summary>
public sealed class Glob
{
    /// <summary>Patterns come from users; a pathological one gives up rather than stalling evaluation.</summary>
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline;
    private const string NonWord = "(?-i:[^A-Za-z0-9_])";
    private const string WordStart = $@"(?:\A|(?<={NonWord})|(?={NonWord}))";
    private const string WordEnd = $@"(?:\z|(?={NonWord})|(?<={NonWord}))";

    /// <summary>One character: a whole surrogate pair counts as one.</summary>
    private const string OneCharacter = @"(?:[\uD800-\uDBFF][\uDC00-\uDFFF]|.)";

    private readonly Regex _regex;

    private Glob(Regex regex) => _regex = regex;

    /// <summary>A glob that must match the entire value.</summary>
    public static Glob WholeValue(string pattern) => new(new Regex($@"\A(?:{Translate(pattern)})\z", Options, MatchTimeout));

    /// <summary>A glob that must match a substring bounded by word boundaries.</summary>
    public static Glob Words(string pattern) => new(new Regex($"{WordStart}(?:{Translate(pattern)}){WordEnd}", Options, MatchTimeout));

    /// <summary>A literal text (no wildcards) that must appear bounded by word boundaries.</summary>
    public static Glob LiteralWords(string text) => new(new Regex($"{WordStart}(?:{Regex.Escape(text)}){WordEnd}", Options, MatchTimeout));

    public bool IsMatch(string value)
    {
        try
        {
            return _regex.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static string Translate(string pattern)
    {
        var regex = new StringBuilder(pattern.Length * 2);
        for (var i = 0; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '*':
                    // A run of stars means what one star means, and backtracks far less.
                    while (i + 1 < pattern.Length && pattern[i + 1] == '*')
                        i++;
                    regex.Append(".*?");
                    break;
                case '?':
                    regex.Append(OneCharacter);
                    break;
                default:
                    regex.Append(Regex.Escape(pattern[i].ToString()));
                    break;
            }
        }

        return regex.ToString();
    }
}
