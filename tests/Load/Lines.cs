using System.Text;

namespace Tangle.Load;

/// <summary>
/// Message bodies of a play's length: lines of 4 to 24 words, about 20 to 140 characters, from a
/// fixed seed so that every run sends the same text.
/// </summary>
internal sealed class Lines(int seed)
{
    private static readonly string[] Words =
    [
        "love", "night", "thou", "art", "the", "sun", "and", "what", "light", "through", "yonder", "window", "breaks",
        "good", "sweet", "sorrow", "parting", "name", "rose", "by", "any", "other", "would", "smell", "as", "o", "Romeo",
        "wherefore", "Juliet", "Verona", "house", "Montague", "Capulet", "plague", "on", "both", "your", "houses", "star",
        "crossed", "lovers", "take", "their", "life", "death", "kiss", "poison", "dagger", "friar", "nurse", "Mercutio",
        "Tybalt", "morning", "lark", "nightingale", "tomb", "banished", "fortune", "fool", "these", "violent", "delights",
        "have", "ends", "I", "will", "not", "is", "it", "my", "lady", "speaks", "yet", "she", "says", "nothing",
    ];

    private readonly Random _random = new(seed);

    public string Next()
    {
        var count = _random.Next(4, 25);
        var line = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
                line.Append(' ');
            line.Append(Words[_random.Next(Words.Length)]);
        }

        return line.Append(_random.Next(4) == 0 ? '?' : '.').ToString();
    }
}
