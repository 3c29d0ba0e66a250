using System.Net;
using Tangle.Testing;

namespace Tangle.Gateway.Tests;

public sealed class ThreadListTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task A_thread_whose_root_the_requester_sent_is_listed_as_participated()
    {
        var alice = await fixture.UserAsync("alice");
        var bob = await fixture.UserAsync("bob");
        var room = await TestRooms.SharedRoomAsync(alice, bob);
        var root = await TestRooms.SendAsync(alice, room, "m.room.message", new { msgtype = "m.text", body = "root" });
        await TestRooms.SendAsync(bob, room, "m.room.message", new Dictionary<string, object>
        {
            ["msgtype"] = "m.text",
            ["body"] = "reply",
            ["m.relates_to"] = new { rel_type = "m.thread", event_id = root },
        });

        var all = await alice.GetAsync($"_matrix/client/v1/rooms/{TestRooms.Path(room)}/threads?include=all");
        var participated = await alice.GetAsync($"_matrix/client/v1/rooms/{TestRooms.Path(room)}/threads?include=participated");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (all.Status, participated.Status));
        Assert.Equal([root], all.Body.GetProperty("chunk").EnumerateArray().Select(e => e.GetProperty("event_id").GetString()));
        Assert.Equal([root], participated.Body.GetProperty("chunk").EnumerateArray().Select(e => e.GetProperty("event_id").GetString()));
    }
}
