using Tangle.Protocol.Json;

namespace Tangle.Protocol.Tests.Json;

/// <summary>Bad input gets a specific error, never an exception.</summary>
public sealed class StrictJsonTests
{
    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"a\":}")]
    [InlineData("{'a':1}")]
    [InlineData("{\"a\":1,}")]
    [InlineData("[1 2]")]
    [InlineData("// comment\n{}")]
    [InlineData("NaN")]
    public void Malformed_json_is_not_json(string input)
    {
        var result = StrictJson.Parse(input);

        Assert.Equal(ProtocolErrorKind.NotJson, result.Error?.Kind);
    }

    [Fact]
    public void Invalid_utf8_is_not_json()
    {
        var result = StrictJson.Parse([(byte)'"', 0xC3, 0x28, (byte)'"']);

        Assert.Equal(ProtocolErrorKind.NotJson, result.Error?.Kind);
    }

    [Theory]
    [InlineData("{\"a\":1,\"a\":2}", "duplicate key 'a'")]
    [InlineData("{\"x\":{\"a\":1,\"\\u0061\":2}}", "duplicate key 'a'")]
    public void Duplicate_keys_are_refused(string input, string message)
    {
        var result = StrictJson.Parse(input);

        Assert.Equal(ProtocolErrorKind.BadJson, result.Error?.Kind);
        Assert.Equal(message, result.Error!.Message);
    }

    [Fact]
    public void The_same_key_in_sibling_objects_is_fine()
    {
        Assert.True(StrictJson.Parse("[{\"a\":1},{\"a\":2},{\"b\":{\"a\":3}}]").IsOk);
    }

    [Theory]
    [InlineData("\"\\ud800\"")]
    [InlineData("\"\\udc00\"")]
    [InlineData("\"\\ud800x\"")]
    [InlineData("\"\\ud800\\u0041\"")]
    [InlineData("\"\\ud800\\ud800\"")]
    [InlineData("{\"\\ude00\":1}")]
    public void Lone_surrogates_are_refused(string input)
    {
        var result = StrictJson.Parse(input);

        Assert.Equal(ProtocolErrorKind.BadJson, result.Error?.Kind);
        Assert.Contains("surrogate", result.Error!.Message);
    }

    [Fact]
    public void A_string_holding_a_lone_surrogate_is_refused()
    {
        Assert.False(StrictJson.Parse("{\"a\":\"\ud800\"}").IsOk);
    }

    [Theory]
    [InlineData("9007199254740991", true)]
    [InlineData("-9007199254740991", true)]
    [InlineData("9007199254740992", false)]
    [InlineData("-9007199254740992", false)]
    [InlineData("123456789012345678901234567890", false)]
    [InlineData("1.5", false)]
    [InlineData("1e3", false)]
    [InlineData("-0", true)]
    public void Canonical_numbers_are_integers_in_range(string number, bool accepted)
    {
        var result = StrictJson.Parse($"{{\"n\":{number}}}");

        Assert.Equal(accepted, result.IsOk);
        if (!accepted)
            Assert.Equal(ProtocolErrorKind.BadJson, result.Error!.Kind);
    }

    [Fact]
    public void Lenient_parsing_accepts_what_old_rooms_hold()
    {
        Assert.True(StrictJson.Parse("{\"n\":1.5,\"m\":123456789012345678901234567890}", NumberPolicy.Lenient).IsOk);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_refused()
    {
        var deep = new string('[', StrictJson.MaxDepth + 1) + new string(']', StrictJson.MaxDepth + 1);

        Assert.False(StrictJson.Parse(deep).IsOk);
    }

    [Fact]
    public void A_top_level_array_is_not_an_object()
    {
        Assert.Equal(ProtocolErrorKind.BadJson, StrictJson.ParseObject("[]"u8).Error?.Kind);
    }
}
