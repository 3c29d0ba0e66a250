using System.Net;
using System.Text.Json;
using Tangle.Sdk;
using Tangle.Sdk.Events;
using Tangle.Sdk.Rooms;
using Tangle.Testing;

namespace Tangle.EndToEnd.Tests.Rooms;

/// <summary>PUT /rooms/{roomId}/redact: what redaction strips, who may redact, and how redacted events look.</summary>
public sealed class RedactionTests(ServerFixture fixture)
{
    [Fact]
    public async Task A_redacted_messages_content_is_stripped()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);
        var eventId = await alice.SendTextAsync(roomId, "expected message body");
        Assert.Equal("expected message body", (await bob.GetEventAsync(roomId, eventId)).Body);

        await alice.RedactAsync(roomId, eventId, "reasons...");

        var redacted = await bob.GetEventAsync(roomId, eventId);
        Assert.Equal(JsonValueKind.Object, redacted.Content.ValueKind);
        Assert.Empty(redacted.Content.EnumerateObject());
        Assert.Equal((EventTypes.Message, alice.UserId), (redacted.Type, redacted.Sender));
    }

    [Fact]
    public async Task A_redacted_event_names_its_redaction_in_redacted_because()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var roomId = await alice.CreateRoomAsync();
        var eventId = await alice.SendTextAsync(roomId, "oops");

        var redactionId = await alice.RedactAsync(roomId, eventId, "typo");

        var because = (await alice.GetEventAsync(roomId, eventId)).Unsigned?.RedactedBecause;
        Assert.NotNull(because);
        Assert.Equal((redactionId, EventTypes.Redaction, eventId), (because.EventId, because.Type, because.Redacts));
        Assert.Equal("typo", because.ContentString("reason"));
    }

    [Fact]
    public async Task A_member_without_power_can_redact_their_own_events()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);
        var eventId = await bob.SendTextAsync(roomId, "regret");

        await bob.RedactAsync(roomId, eventId);

        Assert.Null((await alice.GetEventAsync(roomId, eventId)).Body);
    }

    [Fact]
    public async Task A_member_without_power_cannot_redact_others_events()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);
        var eventId = await alice.SendTextAsync(roomId, "not yours");

        var refused = await Assert.ThrowsAsync<MatrixException>(() => bob.RedactAsync(roomId, eventId));

        Assert.Equal((HttpStatusCode.Forbidden, ErrorCodes.Forbidden), (refused.StatusCode, refused.ErrCode));
        Assert.Equal("not yours", (await alice.GetEventAsync(roomId, eventId)).Body);
    }

    [Fact]
    public async Task A_moderator_can_redact_others_events()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);
        var eventId = await bob.SendTextAsync(roomId, "spam");

        await alice.RedactAsync(roomId, eventId, "spam");

        Assert.Null((await bob.GetEventAsync(roomId, eventId)).Body);
    }

    [Fact]
    public async Task Members_see_the_redaction_in_sync_and_the_event_redacted_afterwards()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);
        var eventId = await alice.SendTextAsync(roomId, "soon gone");
        var since = (await bob.WaitForSyncAsync(null, s => s.TimelineHas(roomId, eventId))).NextBatch;

        var redactionId = await alice.RedactAsync(roomId, eventId);

        var sync = await bob.WaitForSyncAsync(since, s => s.TimelineHas(roomId, redactionId));
        Assert.Equal(eventId, sync.TimelineOf(roomId).Single(e => e.EventId == redactionId).Redacts);
        var fresh = await bob.SyncNowAsync();
        Assert.Null(fresh.TimelineOf(roomId).Single(e => e.EventId == eventId).Body);
    }

    [Fact]
    public async Task Messages_show_a_redacted_event_redacted()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var roomId = await alice.CreateRoomAsync();
        var eventId = await alice.SendTextAsync(roomId, "secret");

        await alice.RedactAsync(roomId, eventId);

        var page = await alice.GetMessagesAsync(roomId, Direction.Backward, limit: 10);
        var redacted = page.Chunk.Single(e => e.EventId == eventId);
        Assert.Null(redacted.Body);
        Assert.NotNull(redacted.Unsigned?.RedactedBecause);
    }

    [Fact]
    public async Task Redacting_a_state_event_keeps_the_keys_the_redaction_algorithm_preserves()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest { Preset = RoomPreset.PublicChat, Name = "Named" });
        var state = await alice.GetStateAsync(roomId);
        var joinRules = state.Single(e => e.Type == EventTypes.JoinRules).EventId;
        var name = state.Single(e => e.Type == EventTypes.Name).EventId;

        await alice.RedactAsync(roomId, joinRules);
        await alice.RedactAsync(roomId, name);

        Assert.Equal("public", (await alice.GetEventAsync(roomId, joinRules)).ContentString("join_rule"));
        Assert.Null((await alice.GetEventAsync(roomId, name)).ContentString("name"));
    }
}
