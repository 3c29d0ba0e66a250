using System.Net;
using System.Text.Json;
using Tangle.Testing;
using static Tangle.Gateway.Tests.TestRooms;

namespace Tangle.Gateway.Tests;

/// <summary>Presence helpers shared by the presence test classes.</summary>
internal static class PresenceSteps
{
    public static string StatusPath(RawClient user) => $"_matrix/client/v3/presence/{Uri.EscapeDataString(user.UserId!)}/status";

    public static Task<RawResponse> SetAsync(RawClient user, string presence, string? statusMessage = null) =>
        user.PutAsync(StatusPath(user), statusMessage is null ? new { presence } : new { presence, status_msg = statusMessage });

    public static async Task<string> GetAsync(RawClient reader, RawClient user) =>
        (await reader.GetAsync(StatusPath(user))).String("presence");

    /// <summary>Reads <paramref name="user"/>'s presence until it is <paramref name="expected"/> or ten seconds pass.</summary>
    public static async Task<string> BecomesAsync(RawClient reader, RawClient user, string expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var presence = await GetAsync(reader, user);
            if (presence == expected || DateTime.UtcNow > deadline)
                return presence;
            await Task.Delay(50);
        }
    }

    /// <summary>The content of the m.presence event a sync carries for <paramref name="user"/>, if any.</summary>
    public static JsonElement? PresenceOf(RawResponse sync, RawClient user) =>
        sync.Body.GetProperty("presence").GetProperty("events").EnumerateArray()
            .Where(e => e.GetProperty("sender").GetString() == user.UserId && e.GetProperty("type").GetString() == "m.presence")
            .Select(e => (JsonElement?)e.GetProperty("content")).LastOrDefault();
}

public sealed class PresenceTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task A_user_sets_and_reads_their_presence_and_status()
    {
        var alice = await fixture.UserAsync();

        var put = await PresenceSteps.SetAsync(alice, "online", "I am here.");
        var get = await alice.GetAsync(PresenceSteps.StatusPath(alice));

        Assert.Equal(HttpStatusCode.OK, put.Status);
        Assert.Equal(("online", "I am here.", true), (get.String("presence"), get.String("status_msg"), get.Body.GetProperty("currently_active").GetBoolean()));
        Assert.InRange(get.Body.GetProperty("last_active_ago").GetInt64(), 0, 10_000);
    }

    [Fact]
    public async Task Setting_presence_without_a_status_clears_it()
    {
        var alice = await fixture.UserAsync();
        await PresenceSteps.SetAsync(alice, "unavailable", "lunch");

        await PresenceSteps.SetAsync(alice, "unavailable");
        var get = await alice.GetAsync(PresenceSteps.StatusPath(alice));

        Assert.Equal("unavailable", get.String("presence"));
        Assert.False(get.Body.TryGetProperty("status_msg", out _));
        Assert.False(get.Body.GetProperty("currently_active").GetBoolean());
    }

    [Fact]
    public async Task Nobody_sets_someone_elses_presence()
    {
        var alice = await fixture.UserAsync();
        var bob = await fixture.UserAsync();

        var response = await bob.PutAsync(PresenceSteps.StatusPath(alice), new { presence = "offline" });

        Assert.Equal((HttpStatusCode.Forbidden, "M_FORBIDDEN"), (response.Status, response.ErrCode));
    }

    [Theory]
    [InlineData("""{"presence":"busy"}""", "M_INVALID_PARAM")]
    [InlineData("""{"status_msg":"x"}""", "M_MISSING_PARAM")]
    [InlineData("""{"presence":"online","status_msg":5}""", "M_BAD_JSON")]
    [InlineData("""{"presence":true}""", "M_BAD_JSON")]
    public async Task Malformed_presence_is_refused(string body, string errcode)
    {
        var alice = await fixture.UserAsync();

        var response = await alice.SendRawAsync(HttpMethod.Put, PresenceSteps.StatusPath(alice), body);

        Assert.Equal((HttpStatusCode.BadRequest, errcode), (response.Status, response.ErrCode));
    }

    [Fact]
    public async Task An_unknown_user_has_no_presence()
    {
        var alice = await fixture.UserAsync();

        var response = await alice.GetAsync($"_matrix/client/v3/presence/{Uri.EscapeDataString("@nobody-here:localhost")}/status");

        Assert.Equal((HttpStatusCode.NotFound, "M_NOT_FOUND"), (response.Status, response.ErrCode));
    }

    [Fact]
    public async Task Presence_is_visible_only_to_users_sharing_a_room()
    {
        var alice = await fixture.UserAsync();
        var bob = await fixture.UserAsync();
        await PresenceSteps.SetAsync(alice, "online", "hello");

        var stranger = await bob.GetAsync(PresenceSteps.StatusPath(alice));
        var room = await SharedRoomAsync(alice, bob);
        await SinceJoinedAsync(bob, room);
        var roommate = await bob.GetAsync(PresenceSteps.StatusPath(alice));

        Assert.Equal((HttpStatusCode.Forbidden, "M_FORBIDDEN"), (stranger.Status, stranger.ErrCode));
        Assert.Equal(("online", "hello"), (roommate.String("presence"), roommate.String("status_msg")));
    }

    [Fact]
    public async Task A_new_user_is_offline_until_they_sync()
    {
        var alice = await fixture.UserAsync();
        var before = await alice.GetAsync(PresenceSteps.StatusPath(alice));

        await SyncAsync(alice);

        Assert.Equal("offline", before.String("presence"));
        Assert.False(before.Body.TryGetProperty("last_active_ago", out _));
        Assert.Equal("online", await PresenceSteps.GetAsync(alice, alice));
    }

    [Fact]
    public async Task Syncing_with_set_presence_offline_does_not_mark_the_user_online()
    {
        var alice = await fixture.UserAsync();

        await SyncAsync(alice, extra: "set_presence=offline");

        Assert.Equal("offline", await PresenceSteps.GetAsync(alice, alice));
    }

    [Fact]
    public async Task Syncing_with_set_presence_unavailable_marks_the_user_idle()
    {
        var alice = await fixture.UserAsync();

        await SyncAsync(alice, extra: "set_presence=unavailable");

        Assert.Equal("unavailable", await PresenceSteps.GetAsync(alice, alice));
    }

    [Fact]
    public async Task An_unknown_set_presence_is_refused()
    {
        var alice = await fixture.UserAsync();

        var response = await alice.GetAsync("_matrix/client/v3/sync?set_presence=busy");

        Assert.Equal((HttpStatusCode.BadRequest, "M_INVALID_PARAM"), (response.Status, response.ErrCode));
    }

    [Fact]
    public async Task An_initial_sync_carries_the_users_own_presence()
    {
        var alice = await fixture.UserAsync();

        var sync = await SyncAsync(alice);

        var own = PresenceSteps.PresenceOf(sync, alice);
        Assert.Equal("online", own?.GetProperty("presence").GetString());
        Assert.True(own?.GetProperty("currently_active").GetBoolean());
    }

    [Fact]
    public async Task An_initial_sync_carries_the_presence_of_room_mates_who_are_not_offline()
    {
        var alice = await fixture.UserAsync();
        var bob = await fixture.UserAsync();
        var carol = await fixture.UserAsync();
        var room = await SharedRoomAsync(alice, bob, carol);
        await PresenceSteps.SetAsync(alice, "unavailable", "away");
        await SinceJoinedAsync(bob, room);

        var sync = await SyncAsync(bob);

        Assert.Equal("away", PresenceSteps.PresenceOf(sync, alice)?.GetProperty("status_msg").GetString());
        Assert.Null(PresenceSteps.PresenceOf(sync, carol));
    }

    [Fact]
    public async Task A_room_mates_presence_change_reaches_an_incremental_sync()
    {
        var alice = await fixture.UserAsync();
        var bob = await fixture.UserAsync();
        var room = await SharedRoomAsync(alice, bob);
        var since = await SinceJoinedAsync(bob, room);

        await PresenceSteps.SetAsync(alice, "unavailable", "at lunch");
        var sync = await SyncUntilAsync(bob, since, s => PresenceSteps.PresenceOf(s, alice) is not null);

        var content = PresenceSteps.PresenceOf(sync, alice)!.Value;
        Assert.Equal(("unavailable", "at lunch", false),
            (content.GetProperty("presence").GetString(), content.GetProperty("status_msg").GetString(), content.GetProperty("currently_active").GetBoolean()));
    }

    [Fact]
    public async Task A_presence_change_wakes_a_waiting_sync()
    {
        var alice = await fixture.UserAsync();
        var bob = await fixture.UserAsync();
        var room = await SharedRoomAsync(alice, bob);
        var since = await SinceJoinedAsync(bob, room);
        var drained = await SyncUntilAsync(bob, since, s => PresenceSteps.PresenceOf(s, bob) is null && PresenceSteps.PresenceOf(s, alice) is null);

        var waiting = SyncAsync(bob, drained.String("next_batch"), timeout: 20_000);
        await Task.Delay(200, TestContext.Current.CancellationToken);
        await PresenceSteps.SetAsync(alice, "online", "back");
        var started = DateTime.UtcNow;
        var sync = await waiting;

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
        Assert.Equal("back", PresenceSteps.PresenceOf(sync, alice)?.GetProperty("status_msg").GetString());
    }

    [Fact]
    public async Task Users_sharing_no_room_do_not_see_each_others_presence()
    {
        var alice = await fixture.UserAsync();
        var bob = await fixture.UserAsync();
        var since = (await SyncAsync(bob)).String("next_batch");

        await PresenceSteps.SetAsync(alice, "online", "not for bob");
        await PresenceSteps.SetAsync(bob, "online", "marker");
        var sync = await SyncUntilAsync(bob, since, s => PresenceSteps.PresenceOf(s, bob)?.GetProperty("status_msg").GetString() == "marker");

        Assert.NotNull(PresenceSteps.PresenceOf(sync, bob));
        Assert.Null(PresenceSteps.PresenceOf(sync, alice));
    }

    [Fact]
    public async Task A_filter_can_leave_presence_out()
    {
        var alice = await fixture.UserAsync();
        var filter = Uri.EscapeDataString("""{"presence":{"not_types":["*"]}}""");

        var sync = await SyncAsync(alice, extra: "filter=" + filter);

        Assert.Empty(sync.Body.GetProperty("presence").GetProperty("events").EnumerateArray());
    }
}

public sealed class PresenceTimeoutTests(PresenceTimeoutTests.Fixture fixture) : IClassFixture<PresenceTimeoutTests.Fixture>
{
    public sealed class Fixture : ServerFixture
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Tangle:Presence:OfflineAfter"] = "00:00:01",
            ["Tangle:Presence:IdleAfter"] = "01:00:00",
        };
    }

    [Fact]
    public async Task A_user_goes_offline_after_a_period_without_syncs()
    {
        var alice = await fixture.UserAsync();
        await SyncAsync(alice);
        Assert.Equal("online", await PresenceSteps.GetAsync(alice, alice));

        Assert.Equal("offline", await PresenceSteps.BecomesAsync(alice, alice, "offline"));
    }

    [Fact]
    public async Task A_waiting_sync_keeps_the_user_online()
    {
        var alice = await fixture.UserAsync();
        var since = (await SyncAsync(alice)).String("next_batch");
        since = (await SyncUntilAsync(alice, since, s => PresenceSteps.PresenceOf(s, alice) is null)).String("next_batch");

        var waiting = SyncAsync(alice, since, timeout: 3000);
        await Task.Delay(2000, TestContext.Current.CancellationToken);
        var during = await PresenceSteps.GetAsync(alice, alice);
        await waiting;

        Assert.Equal("online", during);
    }

    [Fact]
    public async Task Room_mates_hear_that_a_user_went_offline()
    {
        var alice = await fixture.UserAsync();
        var bob = await fixture.UserAsync();
        var room = await SharedRoomAsync(alice, bob);
        await SyncAsync(alice);
        var since = await SinceJoinedAsync(bob, room);

        var sync = await SyncUntilAsync(bob, since, s => PresenceSteps.PresenceOf(s, alice)?.GetProperty("presence").GetString() == "offline",
            extra: "set_presence=offline");

        Assert.Equal("offline", PresenceSteps.PresenceOf(sync, alice)?.GetProperty("presence").GetString());
    }
}

public sealed class PresenceIdleTests(PresenceIdleTests.Fixture fixture) : IClassFixture<PresenceIdleTests.Fixture>
{
    public sealed class Fixture : ServerFixture
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Tangle:Presence:OfflineAfter"] = "01:00:00",
            ["Tangle:Presence:IdleAfter"] = "00:00:01",
        };
    }

    [Fact]
    public async Task An_inactive_user_becomes_unavailable_and_activity_brings_them_back()
    {
        var alice = await fixture.UserAsync();
        var room = await alice.CreateRoomAsync();
        await SyncAsync(alice);

        Assert.Equal("unavailable", await PresenceSteps.BecomesAsync(alice, alice, "unavailable"));
        await SyncAsync(alice);
        var afterSync = await PresenceSteps.GetAsync(alice, alice);
        await alice.SendMessageAsync(room, "I'm back");
        var afterMessage = await PresenceSteps.GetAsync(alice, alice);

        Assert.Equal("unavailable", afterSync);
        Assert.Equal("online", afterMessage);
    }
}
