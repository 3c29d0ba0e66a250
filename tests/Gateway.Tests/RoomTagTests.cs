using System.Net;
using System.Text.Json;
using Tangle.Testing;

namespace Tangle.Gateway.Tests;

public sealed class RoomTagTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static string TagsPath(RawClient user, string room) =>
        $"_matrix/client/v3/user/{Uri.EscapeDataString(user.UserId!)}/rooms/{TestRooms.Path(room)}/tags";

    [Fact]
    public async Task A_room_without_tags_lists_none()
    {
        var alice = await fixture.UserAsync("alice");
        var room = await TestRooms.PrivateRoomAsync(alice);

        var tags = await alice.GetAsync(TagsPath(alice, room));

        Assert.Equal((HttpStatusCode.OK, "{}"), (tags.Status, tags.Body.GetProperty("tags").GetRawText()));
    }

    [Fact]
    public async Task Tags_put_are_listed_with_their_content_and_a_deleted_one_is_gone()
    {
        var alice = await fixture.UserAsync("alice");
        var room = await TestRooms.PrivateRoomAsync(alice);

        var favourite = await alice.PutAsync($"{TagsPath(alice, room)}/m.favourite", new { order = 0.25 });
        await alice.PutAsync($"{TagsPath(alice, room)}/u.work", new { });
        await alice.PutAsync($"{TagsPath(alice, room)}/m.lowpriority", new { });
        var deleted = await alice.DeleteAsync($"{TagsPath(alice, room)}/m.lowpriority");
        var tags = (await alice.GetAsync(TagsPath(alice, room))).Body.GetProperty("tags");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (favourite.Status, deleted.Status));
        Assert.Equal(["m.favourite", "u.work"], tags.EnumerateObject().Select(t => t.Name).Order());
        Assert.Equal(0.25, tags.GetProperty("m.favourite").GetProperty("order").GetDouble());
    }

    [Fact]
    public async Task Concurrent_tag_changes_to_one_room_all_hold()
    {
        var alice = await fixture.UserAsync("alice");
        var room = await TestRooms.PrivateRoomAsync(alice);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => alice.PutAsync($"{TagsPath(alice, room)}/u.tag{i}", new { })));
        var tags = (await alice.GetAsync(TagsPath(alice, room))).Body.GetProperty("tags");

        Assert.Equal(8, tags.EnumerateObject().Count());
    }

    [Fact]
    public async Task Tags_reach_sync_as_the_rooms_m_tag_account_data()
    {
        var alice = await fixture.UserAsync("alice");
        var room = await TestRooms.PrivateRoomAsync(alice);
        var since = await TestRooms.SinceJoinedAsync(alice, room);

        await alice.PutAsync($"{TagsPath(alice, room)}/m.favourite", new { order = 0.5 });
        var sync = await TestRooms.SyncUntilAsync(alice, since, s => TagEvent(s, room) is not null);

        Assert.Equal(0.5, TagEvent(sync, room)!.Value.GetProperty("content").GetProperty("tags").GetProperty("m.favourite").GetProperty("order").GetDouble());
    }

    [Fact]
    public async Task Another_users_tags_are_forbidden()
    {
        var alice = await fixture.UserAsync("alice");
        var mallory = await fixture.UserAsync("mallory");
        var room = await TestRooms.PrivateRoomAsync(alice);

        var read = await mallory.GetAsync(TagsPath(alice, room));
        var write = await mallory.PutAsync($"{TagsPath(alice, room)}/u.x", new { });

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (read.Status, write.Status));
    }

    [Fact]
    public async Task An_order_that_is_not_a_number_is_bad_json()
    {
        var alice = await fixture.UserAsync("alice");
        var room = await TestRooms.PrivateRoomAsync(alice);

        var response = await alice.PutAsync($"{TagsPath(alice, room)}/u.x", new { order = "first" });

        Assert.Equal((HttpStatusCode.BadRequest, "M_BAD_JSON"), (response.Status, response.ErrCode));
    }

    private static JsonElement? TagEvent(RawResponse sync, string room) =>
        TestRooms.Joined(sync, room)?.GetProperty("account_data").GetProperty("events").EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() == "m.tag").Select(e => (JsonElement?)e).LastOrDefault();
}
