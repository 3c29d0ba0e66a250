using System.Text.Json;
using Tangle.Protocol.Federation;
using Tangle.Protocol.Identifiers;

namespace Tangle.Protocol.Tests.Federation;

/// <summary>The order in which m.room.server_acl rules apply.</summary>
public sealed class ServerAclTests
{
    private static bool Allows(string content, string server) =>
        ServerAcl.FromContent(JsonDocument.Parse(content).RootElement).Allows(ServerName.From(server));

    [Theory]
    [InlineData("evil.com")]
    [InlineData("evil.com:8448")]
    [InlineData("EVIL.com:1234")]
    public void A_denied_host_is_denied_whatever_its_port_and_case(string server) =>
        Assert.False(Allows("{\"allow\":[\"*\"],\"deny\":[\"evil.com\"]}", server));

    [Fact]
    public void Deny_wins_over_allow() =>
        Assert.False(Allows("{\"allow\":[\"*.example.org\"],\"deny\":[\"bad.example.org\"]}", "bad.example.org"));

    [Fact]
    public void A_server_no_allow_rule_names_is_denied() =>
        Assert.False(Allows("{\"allow\":[\"*.example.org\"]}", "other.net"));

    [Fact]
    public void An_acl_without_allow_denies_everyone() =>
        Assert.False(Allows("{\"deny\":[]}", "example.org"));

    [Theory]
    [InlineData("*.example.org", "a.example.org", true)]
    [InlineData("*.example.org", "example.org", false)]
    [InlineData("?.example.org", "a.example.org", true)]
    [InlineData("?.example.org", "ab.example.org", false)]
    [InlineData("ex*le.*", "example.org", true)]
    [InlineData("*", "anything.at.all", true)]
    [InlineData("a*a*a*a*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false)]
    public void Globs_match_whole_host_names(string pattern, string host, bool matches) =>
        Assert.Equal(matches, ServerAcl.GlobMatches(pattern, host));

    [Theory]
    [InlineData("{\"allow\":[\"*\"],\"allow_ip_literals\":false}", "1.2.3.4", false)]
    [InlineData("{\"allow\":[\"*\"],\"allow_ip_literals\":false}", "[::1]:8448", false)]
    [InlineData("{\"allow\":[\"*\"],\"allow_ip_literals\":\"false\"}", "1.2.3.4", true)]
    [InlineData("{\"allow\":[\"*\"]}", "1.2.3.4", true)]
    [InlineData("{\"allow\":[\"1.2.3.*\"]}", "1.2.3.4:99", true)]
    public void Ip_literals_are_allowed_unless_allow_ip_literals_is_false(string content, string server, bool allowed) =>
        Assert.Equal(allowed, Allows(content, server));

    [Fact]
    public void Entries_that_are_not_strings_are_ignored() =>
        Assert.True(Allows("{\"allow\":[1,null,\"good.org\"],\"deny\":{\"good.org\":true}}", "good.org"));
}
