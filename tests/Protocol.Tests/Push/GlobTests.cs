using Tangle.Protocol.Push;

namespace Tangle.Protocol.Tests.Push;

/// <summary>The appendix's glob-style matching, whole-value and word-bounded (the push module's examples).</summary>
public sealed class GlobTests
{
    [Theory]
    [InlineData("Lunch plans")]
    [InlineData("LUNCH")]
    [InlineData("lunch")]
    [InlineData("lunc!")]
    public void A_whole_value_glob_matches_case_insensitively_with_star_matching_nothing(string value) =>
        Assert.True(Glob.WholeValue("lunc?*").IsMatch(value));

    [Theory]
    [InlineData(" lunch")]
    [InlineData("lunc")]
    [InlineData("I want lunch")]
    public void A_whole_value_glob_must_match_the_entire_value(string value) =>
        Assert.False(Glob.WholeValue("lunc?*").IsMatch(value));

    [Theory]
    [InlineData("An example event.")]
    [InlineData("exple")]
    [InlineData("An exciting triple-whammy")]
    [InlineData("EXAMPLE")]
    public void A_word_glob_matches_a_substring_between_word_boundaries(string body) =>
        Assert.True(Glob.Words("ex*ple").IsMatch(body));

    [Theory]
    [InlineData("examples")]
    [InlineData("counterexample")]
    [InlineData("ex_ple_x")]
    [InlineData("example2")]
    public void A_word_glob_needs_a_boundary_at_both_ends(string body) =>
        Assert.False(Glob.Words("ex*ple").IsMatch(body));

    [Fact]
    public void The_underscore_is_a_word_character_and_punctuation_is_a_boundary()
    {
        Assert.False(Glob.Words("cake").IsMatch("cake_lover"));
        Assert.True(Glob.Words("cake").IsMatch("cake, please"));
        Assert.True(Glob.Words("cake").IsMatch("(cake)"));
        Assert.True(Glob.Words("cake").IsMatch("line one\ncake"));
    }

    [Fact]
    public void A_question_mark_matches_exactly_one_character_even_outside_the_basic_plane()
    {
        Assert.True(Glob.WholeValue("a?c").IsMatch("abc"));
        Assert.True(Glob.WholeValue("a?c").IsMatch("a😀c"));
        Assert.False(Glob.WholeValue("a?c").IsMatch("ac"));
        Assert.False(Glob.WholeValue("a?c").IsMatch("abbc"));
        Assert.True(Glob.WholeValue("a?c").IsMatch("a\nc"));
    }

    [Theory]
    [InlineData("m.room.message", "m.room.message", true)]
    [InlineData("m.room.message", "mxroomxmessage", false)]
    [InlineData("a+b", "a+b", true)]
    [InlineData("a+b", "aab", false)]
    [InlineData("(x)[y]{z}^$|\\", "(x)[y]{z}^$|\\", true)]
    [InlineData("m.room.*", "m.room.topic", true)]
    [InlineData("m.room.*", "m.room.", true)]
    [InlineData("m.room.*", "m.rooms", false)]
    [InlineData("", "", true)]
    [InlineData("", "x", false)]
    [InlineData("*", "", true)]
    public void Characters_other_than_star_and_question_mark_are_literal(string pattern, string value, bool matches) =>
        Assert.Equal(matches, Glob.WholeValue(pattern).IsMatch(value));

    [Fact]
    public void Runs_of_stars_match_like_one_star()
    {
        Assert.True(Glob.WholeValue("a***b").IsMatch("ab"));
        Assert.True(Glob.WholeValue("a**b").IsMatch("a-long-way-b"));
        Assert.False(Glob.WholeValue("a**b").IsMatch("a-long-way"));
    }

    [Fact]
    public void A_pattern_may_start_or_end_with_a_non_word_character()
    {
        Assert.True(Glob.Words("@room").IsMatch("hey @room!"));
        Assert.True(Glob.Words("hi!").IsMatch("hi!there"));
        Assert.True(Glob.LiteralWords("Dr. Who").IsMatch("ask dr. who now"));
    }

    [Fact]
    public void A_literal_treats_wildcards_as_text()
    {
        Assert.True(Glob.LiteralWords("a*b").IsMatch("is a*b here"));
        Assert.False(Glob.LiteralWords("a*b").IsMatch("is axxb here"));
    }

    [Fact]
    public void A_pathological_pattern_gives_up_instead_of_hanging()
    {
        var glob = Glob.WholeValue("*a*a*a*a*a*a*a*a*a*a*a*a*b");
        var value = new string('a', 5000);

        Assert.False(glob.IsMatch(value));
    }
}
