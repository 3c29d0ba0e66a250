using Tangle.Protocol.Push;

namespace Tangle.Protocol.Tests.Push;

/// <summary>The appendix's dot-separated property paths.</summary>
public sealed class PropertyPathTests
{
    [Theory]
    [InlineData("content.body", new[] { "content", "body" })]
    [InlineData("type", new[] { "type" })]
    [InlineData(@"content.m\.relates_to", new[] { "content", "m.relates_to" })]
    [InlineData(@"content.m\.mentions.user_ids", new[] { "content", "m.mentions", "user_ids" })]
    [InlineData(@"content.m\\foo", new[] { "content", @"m\foo" })]
    [InlineData(@"content.m\xfoo", new[] { "content", @"m\xfoo" })]
    [InlineData(@"a\\.b", new[] { @"a\", "b" })]
    [InlineData(@"trailing\", new[] { @"trailing\" })]
    [InlineData("a..b", new[] { "a", "", "b" })]
    public void A_path_splits_on_unescaped_dots(string path, string[] parts) =>
        Assert.Equal(parts, PropertyPath.Split(path));

    [Fact]
    public void A_path_resolves_through_objects_only()
    {
        var json = PushEvents.JsonOf("""{"content":{"m.relates_to":{"rel_type":"m.replace"},"list":[{"a":1}]}}""");

        Assert.Equal("m.replace", PropertyPath.Resolve(json, PropertyPath.Split(@"content.m\.relates_to.rel_type"))?.GetString());
        Assert.Null(PropertyPath.Resolve(json, PropertyPath.Split("content.m.relates_to.rel_type")));
        Assert.Null(PropertyPath.Resolve(json, PropertyPath.Split("content.list.0.a")));
        Assert.Null(PropertyPath.Resolve(json, PropertyPath.Split("content.missing")));
    }
}
