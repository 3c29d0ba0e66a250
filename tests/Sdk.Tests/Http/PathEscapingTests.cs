using Tangle.Sdk.Http;
using Tangle.Sdk.Tests.Infrastructure;

namespace Tangle.Sdk.Tests.Http;

/// <summary>Identifiers in paths and values in query strings are percent-encoded so they cannot change the URL's shape.</summary>
public sealed class PathEscapingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("!a:b", "%21a%3Ab")]
    [InlineData("#alias:example.org", "%23alias%3Aexample.org")]
    [InlineData("@user:example.org", "%40user%3Aexample.org")]
    [InlineData("$abc/def+ghi=", "%24abc%2Fdef%2Bghi%3D")]
    [InlineData("$143273582443PhrSn:example.org", "%24143273582443PhrSn%3Aexample.org")]
    [InlineData("a b?c#d%e&f", "a%20b%3Fc%23d%25e%26f")]
    [InlineData("é🙂", "%C3%A9%F0%9F%99%82")]
    [InlineData("m.room.message", "m.room.message")]
    [InlineData("", "")]
    [InlineData(".", "%2E")]
    [InlineData("..", "%2E%2E")]
    [InlineData("...", "...")]
    public void Each_hole_is_one_escaped_segment(string value, string escaped)
    {
        Assert.Equal($"/_matrix/client/v3/rooms/{escaped}/x", MatrixPath.V3($"/rooms/{value}/x"));
    }

    [Fact]
    public void Prefixes_and_formattable_holes()
    {
        Assert.Equal("/_matrix/client/v1/rooms/%21a%3Ab/threads", MatrixPath.V1($"/rooms/{"!a:b"}/threads"));
        Assert.Equal("/_matrix/media/v3/upload", MatrixPath.MediaV3($"/upload"));
        Assert.Equal("/n/42", MatrixPath.Raw($"/n/{42}"));
    }

    [Fact]
    public void Queries_escape_values_skip_nulls_and_repeat_names()
    {
        var query = new Query()
            .Add("filter", """{"room":{"timeline":{"limit":1}}}""")
            .Add("since", (string?)null)
            .Add("limit", 10)
            .Add("full_state", true)
            .Add("recurse", false)
            .AddEach("via", ["a.org", "b.org"])
            .Add("from", "t1&x=2");

        Assert.Equal(
            "?filter=%7B%22room%22%3A%7B%22timeline%22%3A%7B%22limit%22%3A1%7D%7D%7D&limit=10&full_state=true&recurse=false&via=a.org&via=b.org&from=t1%26x%3D2",
            query.ToString());
        Assert.Equal("", new Query().Add("x", (string?)null).ToString());
    }

    /// <summary>
    /// What reaches a real server: the target stays encoded on the wire, and decoding each segment gives back
    /// exactly the identifiers sent, even ones that look like dot segments, query or fragment delimiters.
    /// </summary>
    [Theory]
    [InlineData("!a:b", "$abc/def+ghi=")]
    [InlineData("!room:example.org", "..")]
    [InlineData("!x?y#z:example.org", ".")]
    [InlineData("!%2F:example.org", "$ev%20t")]
    public async Task Identifiers_arrive_intact(string roomId, string eventId)
    {
        await using var server = await LoopbackHomeserver.StartAsync((context, _) =>
            Respond.Ok(context, """{"type":"m.room.message","event_id":"$e","sender":"@a:b","origin_server_ts":1,"content":{}}"""));
        using var client = server.CreateClient(session: EndpointProbe.Alice);

        await client.GetEventAsync(roomId, eventId, Ct);

        var target = Assert.Single(server.Requests).RawTarget;
        var segments = target.Split('/');
        Assert.Equal(["", "_matrix", "client", "v3", "rooms", "?", "event", "?"], segments.Select((s, i) => i is 5 or 7 ? "?" : s));
        Assert.Equal(roomId, Uri.UnescapeDataString(segments[5]));
        Assert.Equal(eventId, Uri.UnescapeDataString(segments[7]));
    }

    [Fact]
    public async Task An_empty_state_key_leaves_a_trailing_slash()
    {
        await using var server = await LoopbackHomeserver.StartAsync((context, _) => Respond.Ok(context, """{"name":"n"}"""));
        using var client = server.CreateClient(session: EndpointProbe.Alice);

        await client.GetStateEventAsync("!a:b", "m.room.name", cancellationToken: Ct);

        Assert.Equal("/_matrix/client/v3/rooms/%21a%3Ab/state/m.room.name/", Assert.Single(server.Requests).RawTarget);
    }
}
