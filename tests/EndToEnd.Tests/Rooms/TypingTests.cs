using System.Net;
using Tangle.Sdk;
using Tangle.Sdk.Events;
using Tangle.Sdk.Sync;
using Tangle.Testing;

namespace Tangle.EndToEnd.Tests.Rooms;

/// <summary>PUT /rooms/{roomId}/typing and the m.typing ephemeral event in /sync.</summary>
public sealed class TypingTests(ServerFixture fixture)
{
    [Fact]
    public async Task Typing_shows_in_the_rooms_ephemeral_events_for_other_members()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);
        var since = (await bob.WaitForSyncAsync(null, s => s.Joined(roomId) is not null)).NextBatch;

        await alice.SetTypingAsync(roomId, true, TimeSpan.FromSeconds(30));

        var sync = await bob.WaitForSyncAsync(since, s => Typing(s, roomId).Contains(alice.UserId));
        var typing = sync.EphemeralOf(roomId, EventTypes.Typing).Single();
        Assert.False(typing.AdditionalProperties?.ContainsKey("room_id") ?? false);
    }

    [Fact]
    public async Task Typing_can_be_stopped_explicitly()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);
        await alice.SetTypingAsync(roomId, true, TimeSpan.FromSeconds(30));
        var typing = await bob.WaitForSyncAsync(null, s => Typing(s, roomId).Contains(alice.UserId));

        await alice.SetTypingAsync(roomId, false);

        await bob.WaitForSyncAsync(typing.NextBatch, s => s.EphemeralOf(roomId, EventTypes.Typing).Any() && Typing(s, roomId).Count == 0);
    }

    [Fact]
    public async Task Typing_expires_after_its_timeout()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);

        await alice.SetTypingAsync(roomId, true, TimeSpan.FromSeconds(1));
        var typing = await bob.WaitForSyncAsync(null, s => Typing(s, roomId).Contains(alice.UserId));

        await bob.WaitForSyncAsync(typing.NextBatch, s => s.EphemeralOf(roomId, EventTypes.Typing).Any() && Typing(s, roomId).Count == 0);
    }

    [Fact]
    public async Task Typing_in_a_room_does_not_reach_users_outside_it()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        using var outsider = await fixture.RegisterAsync("outsider");
        var roomId = await alice.PublicRoomAsync(bob);
        var since = (await outsider.SyncNowAsync()).NextBatch;

        await alice.SetTypingAsync(roomId, true, TimeSpan.FromSeconds(30));
        await bob.WaitForSyncAsync(null, s => Typing(s, roomId).Contains(alice.UserId));
        await alice.SendToDeviceAsync("org.example.marker",
            new Dictionary<string, IReadOnlyDictionary<string, object>> { [outsider.UserId] = new Dictionary<string, object> { [outsider.DeviceId] = new { } } });

        var seen = new List<SyncResponse>();
        await outsider.WaitForSyncAsync(since, s =>
        {
            seen.Add(s);
            return s.ToDevice.Events.Count > 0;
        });
        Assert.All(seen, s => Assert.Empty(s.Rooms.Join));
    }

    [Fact]
    public async Task Typing_in_a_room_one_is_not_joined_to_is_forbidden()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var outsider = await fixture.RegisterAsync("outsider");
        var roomId = await alice.PublicRoomAsync();

        var refused = await Assert.ThrowsAsync<MatrixException>(() => outsider.SetTypingAsync(roomId, true));

        Assert.Equal((HttpStatusCode.Forbidden, ErrorCodes.Forbidden), (refused.StatusCode, refused.ErrCode));
    }

    private static List<string> Typing(SyncResponse sync, string roomId) =>
        sync.EphemeralOf(roomId, EventTypes.Typing)
            .SelectMany(e => e.Content.TryGetProperty("user_ids", out var ids) ? ids.EnumerateArray().Select(i => i.GetString()!) : [])
            .ToList();
}
