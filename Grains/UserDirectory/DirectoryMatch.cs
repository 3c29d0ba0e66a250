using System.Globalization;
using System.Text;

namespace Tangle.Grains.UserDirectory;

/// <summary>
/// How a search term matches a user: case-insensitively, every word of the term must begin some
/// word of the user id or the display name (words are runs of letters and digits).
/// </summary>
internal sealed class DirectoryMatch
{
    private readonly string _term;
    private readonly IReadOnlyList<string> _words;

    public DirectoryMatch(string term)
    {
        _term = Normalize(term.Trim());
        _words = Words(term);
    }

    /// <summary>Whether the term has anything to match with.</summary>
    public bool IsEmpty => _words.Count == 0;

    public bool Matches(string userId, string? displayName)
    {
        var words = Words(userId).Concat(Words(displayName ?? "")).ToList();
        return _words.All(w => words.Any(candidate => candidate.StartsWith(w, StringComparison.Ordinal)));
    }

    /// <summary>
    /// Lower is better: 0 when the localpart or display name is the term, 1 when one starts with it,
    /// 2 for any other match.
    /// </summary>
    public int Rank(string userId, string? displayName)
    {
        var localpart = Normalize(userId.TrimStart('@').Split(':')[0]);
        var name = Normalize(displayName ?? "");
        if (localpart == _term || name == _term)
            return 0;
        return localpart.StartsWith(_term, StringComparison.Ordinal) || name.StartsWith(_term, StringComparison.Ordinal) ? 1 : 2;
    }

    private static string Normalize(string text) => text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();

    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var rune in Normalize(text).EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (Rune.IsLetterOrDigit(rune) || category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark)
            {
                current.Append(rune.ToString());
            }
            else if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
            words.Add(current.ToString());
        return words;
    }
}
