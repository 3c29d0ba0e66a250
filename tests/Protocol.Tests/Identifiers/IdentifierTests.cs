using Tangle.Protocol.Identifiers;

namespace Tangle.Protocol.Tests.Identifiers;

public sealed class ServerNameTests
{
    [Theory]
    [InlineData("matrix.org", "matrix.org", null, HostKind.DnsName)]
    [InlineData("matrix.org:8888", "matrix.org", 8888, HostKind.DnsName)]
    [InlineData("1.2.3.4", "1.2.3.4", null, HostKind.IPv4Literal)]
    [InlineData("1.2.3.4:1234", "1.2.3.4", 1234, HostKind.IPv4Literal)]
    [InlineData("[1234:5678::abcd]", "[1234:5678::abcd]", null, HostKind.IPv6Literal)]
    [InlineData("[1234:5678::abcd]:5678", "[1234:5678::abcd]", 5678, HostKind.IPv6Literal)]
    [InlineData("localhost", "localhost", null, HostKind.DnsName)]
    [InlineData("Example.ORG", "Example.ORG", null, HostKind.DnsName)]
    public void The_specifications_examples_parse(string text, string host, int? port, HostKind kind)
    {
        var name = ServerName.Parse(text).Value;

        Assert.Equal((text, host, port, kind), (name.Value, name.Host, name.Port, name.HostKind));
    }

    [Theory]
    [InlineData("")]
    [InlineData(":8448")]
    [InlineData("example.org:")]
    [InlineData("example.org:123456")]
    [InlineData("example.org:99999")]
    [InlineData("exa mple.org")]
    [InlineData("example_org")]
    [InlineData("[1234:5678::abcd")]
    [InlineData("[not-ipv6]")]
    [InlineData("[1234::abcd]x")]
    [InlineData("256.1.1.1")]
    [InlineData("a:b:c")]
    public void Invalid_server_names_are_refused_with_a_reason(string text)
    {
        var result = ServerName.Parse(text);

        Assert.Equal(ProtocolErrorKind.InvalidIdentifier, result.Error?.Kind);
        Assert.False(string.IsNullOrWhiteSpace(result.Error!.Message));
    }

    [Fact]
    public void Server_names_compare_case_sensitively()
    {
        Assert.NotEqual(ServerName.From("matrix.org"), ServerName.From("MATRIX.ORG"));
    }
}

public sealed class UserIdTests
{
    [Theory]
    [InlineData("@alice:example.org", "alice", "example.org", UserIdGrammar.Compliant)]
    [InlineData("@a.b_c=d-e/f+g:example.org:8448", "a.b_c=d-e/f+g", "example.org:8448", UserIdGrammar.Compliant)]
    [InlineData("@Alice:example.org", "Alice", "example.org", UserIdGrammar.Historical)]
    [InlineData("@alice!:example.org", "alice!", "example.org", UserIdGrammar.Historical)]
    [InlineData("@:example.org", "", "example.org", UserIdGrammar.NonCompliant)]
    [InlineData("@ünïcödé:example.org", "ünïcödé", "example.org", UserIdGrammar.NonCompliant)]
    [InlineData("@a b:[::1]:8008", "a b", "[::1]:8008", UserIdGrammar.NonCompliant)]
    public void User_ids_parse_with_the_historical_leniency(string text, string localpart, string server, UserIdGrammar grammar)
    {
        var id = UserId.Parse(text).Value;

        Assert.Equal((localpart, server, grammar), (id.Localpart, id.Server.Value, id.Grammar));
    }

    [Theory]
    [InlineData("alice:example.org")]
    [InlineData("@alice")]
    [InlineData("@alice:")]
    [InlineData("@alice:bad host")]
    [InlineData("@al\0ice:example.org")]
    public void Malformed_user_ids_are_refused(string text)
    {
        Assert.Equal(ProtocolErrorKind.InvalidIdentifier, UserId.Parse(text).Error?.Kind);
    }

    [Fact]
    public void A_localpart_with_an_unpaired_surrogate_is_refused()
    {
        // Built in code: test data serialisation would replace the lone surrogate.
        var text = "@al" + (char)0xD800 + "ice:example.org";

        Assert.Equal(ProtocolErrorKind.InvalidIdentifier, UserId.Parse(text).Error?.Kind);
    }

    [Fact]
    public void User_ids_over_255_bytes_are_refused()
    {
        var local = new string('a', 255 - "@:example.org".Length);

        Assert.True(UserId.Parse($"@{local}:example.org").IsOk);
        Assert.False(UserId.Parse($"@{local}a:example.org").IsOk);
        Assert.False(UserId.Parse($"@{new string('é', 130)}:example.org").IsOk);
    }

    [Theory]
    [InlineData("@Alice:example.org")]
    [InlineData("@:example.org")]
    public void New_accounts_must_follow_todays_grammar(string text)
    {
        Assert.True(UserId.Parse(text).IsOk);
        Assert.False(UserId.ParseCompliant(text).IsOk);
    }

    [Fact]
    public void Creating_from_a_localpart_checks_the_grammar()
    {
        var server = ServerName.From("example.org");

        Assert.Equal("@bob:example.org", UserId.Create("bob", server).Value.Value);
        Assert.False(UserId.Create("Bob", server).IsOk);
        Assert.False(UserId.Create("", server).IsOk);
    }
}

public sealed class RoomAndEventIdTests
{
    [Theory]
    [InlineData("!abc:example.org", "example.org")]
    [InlineData("!a:b:example.org", null)]
    [InlineData("!Nhcu5BS-UMnFX7hBVfVSoXiD7OgH6iRT-xyIuqDnpYQ", null)]
    public void Room_ids_with_and_without_a_server_parse(string text, string? server)
    {
        var result = RoomId.Parse(text);

        if (text.Count(c => c == ':') > 1)
        {
            Assert.False(result.IsOk);
            return;
        }

        Assert.Equal(server, result.Value.Server?.Value);
        Assert.Equal(server is null, result.Value.IsCreateEventHash);
    }

    [Theory]
    [InlineData("abc:example.org")]
    [InlineData("!")]
    [InlineData("!short")]
    [InlineData("!abc:")]
    public void Malformed_room_ids_are_refused(string text)
    {
        Assert.False(RoomId.Parse(text).IsOk);
    }

    [Fact]
    public void A_v12_room_id_is_its_create_event_id_with_another_sigil()
    {
        var eventId = EventId.From("$Nhcu5BS-UMnFX7hBVfVSoXiD7OgH6iRT-xyIuqDnpYQ");

        Assert.Equal("!Nhcu5BS-UMnFX7hBVfVSoXiD7OgH6iRT-xyIuqDnpYQ", RoomId.FromCreateEvent(eventId).Value);
    }

    [Theory]
    [InlineData("$a4ecee13e2accdadf56c1025:example.com", EventIdFormat.OpaqueWithServer, true)]
    [InlineData("$acR1l0raoZnm60CBwAVgqbZqoO/mYU81xysh1u7XcJk", EventIdFormat.Base64ReferenceHash, true)]
    [InlineData("$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg", EventIdFormat.UrlSafeBase64ReferenceHash, true)]
    [InlineData("$acR1l0raoZnm60CBwAVgqbZqoO/mYU81xysh1u7XcJk", EventIdFormat.UrlSafeBase64ReferenceHash, false)]
    [InlineData("$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg", EventIdFormat.Base64ReferenceHash, false)]
    [InlineData("$noserver", EventIdFormat.OpaqueWithServer, false)]
    [InlineData("$tooshort", EventIdFormat.UrlSafeBase64ReferenceHash, false)]
    public void Event_ids_follow_their_room_versions_format(string text, EventIdFormat format, bool valid)
    {
        Assert.Equal(valid, EventId.Parse(text, format).IsOk);
    }

    [Theory]
    [InlineData("")]
    [InlineData("$")]
    [InlineData("abc")]
    [InlineData("$a\0b")]
    public void Malformed_event_ids_are_refused(string text)
    {
        Assert.False(EventId.Parse(text).IsOk);
    }

    [Fact]
    public void Event_ids_order_by_code_point()
    {
        Assert.True(EventId.From("$\uff61").CompareTo(EventId.From("$😀")) < 0);
        Assert.True(EventId.From("$A").CompareTo(EventId.From("$a")) < 0);
    }

    [Theory]
    [InlineData("#room:example.org", "room")]
    [InlineData("#日本:example.org", "日本")]
    public void Aliases_parse(string text, string localpart)
    {
        Assert.Equal(localpart, RoomAlias.Parse(text).Value.Localpart);
    }

    [Theory]
    [InlineData("room:example.org")]
    [InlineData("#room")]
    [InlineData("#ro:om:example.org")]
    public void Malformed_aliases_are_refused(string text)
    {
        Assert.False(RoomAlias.Parse(text).IsOk);
    }
}
