using System.Net;
using System.Text.Json;
using Tangle.Testing;

namespace Tangle.Gateway.Tests.Federation;

/// <summary>
/// History from before a server joined: bob on hs2 joins alice's room on hs1 after it has a past, and paginating
/// back with /messages fetches that past from hs1 (/backfill), checked and in order, as far as the room's
/// history visibility lets bob see it.
/// </summary>
public sealed class BackfillTests
{
    private static string Path(string room, string rest) => $"_matrix/client/v3/rooms/{Uri.EscapeDataString(room)}/{rest}";

    /// <param name="before">What else happens in the room before bob joins, after alice's messages.</param>
    private static async Task<(LinkedServers Network, RawClient Alice, RawClient Bob, string RoomId)> RoomWithHistoryAsync(string visibility, int messages,
        Func<LinkedServers, string, Task>? before = null)
    {
        var network = await LinkedServers.StartAsync(["hs1.test", "hs2.test"]);
        var alice = await new RawClient(network["hs1.test"].CreateHttpClient()).RegisterAsync("alice");
        var room = await alice.CreateRoomAsync(new
        {
            preset = "public_chat", name = "Old room",
            initial_state = new[] { new { type = "m.room.history_visibility", state_key = "", content = new { history_visibility = visibility } } },
        });
        for (var i = 1; i <= messages; i++)
            await alice.SendMessageAsync(room, $"old {i}");
        if (before is not null)
            await before(network, room);
        var bob = await new RawClient(network["hs2.test"].CreateHttpClient()).RegisterAsync("bob");
        var joined = await bob.PostAsync($"_matrix/client/v3/join/{Uri.EscapeDataString(room)}?server_name=hs1.test", new { });
        Assert.Equal(HttpStatusCode.OK, joined.Status);
        return (network, alice, bob, room);
    }

    /// <summary>Pages /messages backwards to the end; returns every event, newest first, and how many pages it took.</summary>
    private static async Task<(List<JsonElement> Events, int Pages)> PaginateAllAsync(RawClient client, string room, int limit)
    {
        var events = new List<JsonElement>();
        string? from = null;
        for (var pages = 1; pages <= 100; pages++)
        {
            var page = await client.GetAsync(Path(room, $"messages?dir=b&limit={limit}" + (from is null ? "" : "&from=" + from)));
            Assert.Equal(HttpStatusCode.OK, page.Status);
            events.AddRange(page.Body.GetProperty("chunk").EnumerateArray());
            if (!page.Body.TryGetProperty("end", out var end))
                return (events, pages);
            from = end.GetString();
        }

        throw new InvalidOperationException("pagination never ended");
    }

    private static List<string> Bodies(IEnumerable<JsonElement> events) =>
        events.Where(e => e.GetProperty("type").GetString() == "m.room.message").Select(e => e.GetProperty("content").GetProperty("body").GetString()!).ToList();

    [Fact]
    public async Task Paginating_back_fetches_the_history_from_before_the_join_in_order()
    {
        var (network, _, bob, room) = await RoomWithHistoryAsync("shared", messages: 30);
        await using var running = network;

        var (events, pages) = await PaginateAllAsync(bob, room, limit: 10);

        Assert.Equal(Enumerable.Range(1, 30).Reverse().Select(i => $"old {i}"), Bodies(events));
        Assert.Equal("m.room.create", events[^1].GetProperty("type").GetString());
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "m.room.name");
        Assert.Equal(events.Count, events.Select(e => e.GetProperty("event_id").GetString()).Distinct().Count());
        Assert.True(pages > 3, $"expected several pages, got {pages}");
    }

    [Fact]
    public async Task History_made_under_memberships_no_longer_current_is_backfilled_whole()
    {
        var (network, _, bob, room) = await RoomWithHistoryAsync("shared", messages: 3, before: async (servers, room) =>
        {
            var carol = await new RawClient(servers["hs1.test"].CreateHttpClient()).RegisterAsync("carol");
            Assert.Equal(HttpStatusCode.OK, (await carol.PostAsync($"_matrix/client/v3/join/{Uri.EscapeDataString(room)}", new { })).Status);
            await carol.PutAsync(Path(room, $"state/m.room.member/{Uri.EscapeDataString(carol.UserId!)}"), new { membership = "join", displayname = "Carol the first" });
            await carol.SendMessageAsync(room, "carol, named once");
            Assert.Equal(HttpStatusCode.OK, (await carol.PostAsync(Path(room, "leave"), new { })).Status);
        });
        await using var running = network;

        var (events, _) = await PaginateAllAsync(bob, room, limit: 5);

        Assert.Equal(["carol, named once", "old 3", "old 2", "old 1"], Bodies(events));
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "m.room.member"
            && e.GetProperty("content").TryGetProperty("displayname", out var name) && name.GetString() == "Carol the first");
    }

    [Fact]
    public async Task Backfilled_history_stays_once_the_origin_is_gone()
    {
        var (network, _, bob, room) = await RoomWithHistoryAsync("shared", messages: 5);
        await using var running = network;
        await PaginateAllAsync(bob, room, limit: 50);

        network.Link("hs2.test", "hs1.test").Cut();
        var (events, _) = await PaginateAllAsync(bob, room, limit: 50);

        Assert.Equal(["old 5", "old 4", "old 3", "old 2", "old 1"], Bodies(events));
    }

    [Fact]
    public async Task History_bob_may_not_see_is_not_shown_though_it_was_fetched()
    {
        var (network, alice, bob, room) = await RoomWithHistoryAsync("joined", messages: 5);
        await using var running = network;
        await alice.SendMessageAsync(room, "after bob joined");

        var deadline = DateTime.UtcNow.AddSeconds(30);
        List<JsonElement> events;
        do
        {
            (events, _) = await PaginateAllAsync(bob, room, limit: 20);
        }
        while (!Bodies(events).Contains("after bob joined") && DateTime.UtcNow < deadline);

        Assert.Equal(["after bob joined"], Bodies(events));
    }

    [Fact]
    public async Task Paginating_while_the_origin_is_unreachable_answers_with_what_is_here()
    {
        var (network, _, bob, room) = await RoomWithHistoryAsync("shared", messages: 5);
        await using var running = network;
        network.Link("hs2.test", "hs1.test").Cut();

        var (events, _) = await PaginateAllAsync(bob, room, limit: 20);

        Assert.Empty(Bodies(events));
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "m.room.member" && e.GetProperty("state_key").GetString() == "@bob:hs2.test");
    }
}
