using System.Text;
using Tangle.Protocol.Json;

namespace Tangle.Protocol.Tests.Json;

/// <summary>The appendix's canonical JSON examples, and the grammar's escaping rules.</summary>
public sealed class CanonicalJsonTests
{
    [Theory]
    [InlineData("{}", "{}")]
    [InlineData("{\n    \"one\": 1,\n    \"two\": \"Two\"\n}", "{\"one\":1,\"two\":\"Two\"}")]
    [InlineData("{\n    \"b\": \"2\",\n    \"a\": \"1\"\n}", "{\"a\":\"1\",\"b\":\"2\"}")]
    [InlineData("{\"b\":\"2\",\"a\":\"1\"}", "{\"a\":\"1\",\"b\":\"2\"}")]
    [InlineData(
        "{\"auth\":{\"success\":true,\"mxid\":\"@john.doe:example.com\",\"profile\":{\"display_name\":\"John Doe\",\"three_pids\":[{\"medium\":\"email\",\"address\":\"john.doe@example.org\"},{\"medium\":\"msisdn\",\"address\":\"123456789\"}]}}}",
        "{\"auth\":{\"mxid\":\"@john.doe:example.com\",\"profile\":{\"display_name\":\"John Doe\",\"three_pids\":[{\"address\":\"john.doe@example.org\",\"medium\":\"email\"},{\"address\":\"123456789\",\"medium\":\"msisdn\"}]},\"success\":true}}")]
    [InlineData("{\"a\": \"日本語\"}", "{\"a\":\"日本語\"}")]
    [InlineData("{\"本\": 2, \"日\": 1}", "{\"日\":1,\"本\":2}")]
    [InlineData("{\"a\": \"\\u65E5\"}", "{\"a\":\"日\"}")]
    [InlineData("{\"a\": null}", "{\"a\":null}")]
    public void Appendix_examples_encode_as_the_specification_shows(string input, string expected)
    {
        var parsed = StrictJson.Parse(input).Value;

        Assert.Equal(expected, CanonicalJson.EncodeToString(parsed));
    }

    [Fact]
    public void Negative_zero_and_exponent_integers_become_plain_integers()
    {
        var parsed = StrictJson.Parse("{\"a\": -0, \"b\": 1e10}", NumberPolicy.Lenient).Value;

        Assert.Equal("{\"a\":0,\"b\":10000000000}", CanonicalJson.EncodeToString(parsed));
    }

    [Theory]
    [InlineData("\"\\u0000\"", "\"\\u0000\"")]
    [InlineData("\"\\u001f\"", "\"\\u001f\"")]
    [InlineData("\"\\u0008\\u0009\\u000a\\u000c\\u000d\"", "\"\\b\\t\\n\\f\\r\"")]
    [InlineData("\"\\u000B\"", "\"\\u000b\"")]
    [InlineData("\"\\\"\\\\\"", "\"\\\"\\\\\"")]
    [InlineData("\"\\/\"", "\"/\"")]
    [InlineData("\"\\u007f\"", "\"\u007f\"")]
    [InlineData("\"\\u2028\"", "\"\u2028\"")]
    [InlineData("\"\\ud83d\\ude00\"", "\"😀\"")]
    public void Strings_use_only_the_escapes_the_grammar_requires(string input, string expected)
    {
        Assert.Equal(expected, CanonicalJson.EncodeToString(StrictJson.Parse(input).Value));
    }

    [Fact]
    public void Keys_sort_by_code_point_not_by_utf16_unit()
    {
        // U+FF61 is one UTF-16 unit above the surrogates; U+1F600 is a surrogate pair. Code point order puts FF61 first.
        var parsed = StrictJson.Parse("{\"😀\":1,\"｡\":2,\"a\":3}").Value;

        Assert.Equal("{\"a\":3,\"｡\":2,\"😀\":1}", CanonicalJson.EncodeToString(parsed));
    }

    [Fact]
    public void Escaped_keys_sort_by_their_unescaped_value()
    {
        var parsed = StrictJson.Parse("{\"\\u0062\":1,\"a\":2}").Value;

        Assert.Equal("{\"a\":2,\"b\":1}", CanonicalJson.EncodeToString(parsed));
    }

    [Fact]
    public void Floats_cannot_be_encoded_canonically()
    {
        var parsed = StrictJson.Parse("{\"a\":1.5}", NumberPolicy.Lenient).Value;

        var result = CanonicalJson.TryEncode(parsed);

        Assert.False(result.IsOk);
        Assert.Equal(ProtocolErrorKind.BadJson, result.Error!.Kind);
    }

    [Theory]
    [InlineData("50.57", "50.57")]
    [InlineData("1e22", "1e+22")]
    [InlineData("1.5e-7", "1.5e-07")]
    [InlineData("0.0001", "0.0001")]
    [InlineData("123456789.125", "123456789.125")]
    public void Legacy_room_floats_keep_the_form_their_senders_hashed(string number, string expected)
    {
        var parsed = StrictJson.Parse($"[{number}]", NumberPolicy.Lenient).Value;

        Assert.Equal($"[{expected}]", CanonicalJson.EncodeToString(parsed, NumberPolicy.Lenient));
    }

    [Fact]
    public void Output_is_utf8_without_whitespace()
    {
        var parsed = StrictJson.Parse("[ 1 , { \"k\" : [ true , false , null ] } ]").Value;

        Assert.Equal("[1,{\"k\":[true,false,null]}]"u8.ToArray(), CanonicalJson.Encode(parsed));
        Assert.Equal("[1,{\"k\":[true,false,null]}]", Encoding.UTF8.GetString(CanonicalJson.Encode(parsed)));
    }
}
