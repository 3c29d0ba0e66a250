using System.Text.Json.Nodes;
using Tangle.Protocol.Crypto;
using Tangle.Protocol.Events;
using Tangle.Protocol.Rooms;
using Tangle.Protocol.Tests.Fixtures;
using static Tangle.Protocol.Tests.Fixtures.TestRoom;

namespace Tangle.Protocol.Tests.Events;

/// <summary>Content hashes and signatures on events, as a receiving server checks them.</summary>
public sealed class EventVerificationTests
{
    private static Pdu Message(RoomVersion version, out TestRoom room)
    {
        room = Create(version);
        return room.Send(Alice, "m.room.message", null, """{"body":"hello","msgtype":"m.text"}""");
    }

    private static Pdu Tamper(Pdu pdu, Action<JsonObject> change)
    {
        var json = JsonNode.Parse(pdu.ToString())!.AsObject();
        change(json);
        return Pdu.FromJson(System.Text.Json.JsonSerializer.SerializeToElement(json), pdu.RoomVersion).Value;
    }

    public static TheoryData<string> AllVersions() => new(RoomVersions.All.Select(v => v.Id));

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void An_event_we_built_has_a_valid_hash_and_signature(string id)
    {
        var pdu = Message(RoomVersions.Find(id)!, out _);

        Assert.True(EventHashes.HasValidContentHash(pdu.Json, pdu.RoomVersion));
        Assert.True(EventSignatures.AllValid(EventSignatures.Verify(pdu, TestEvents.VerifyKeyFor)));
    }

    [Fact]
    public void Changed_content_fails_the_hash_but_keeps_a_valid_signature()
    {
        var pdu = Message(RoomVersions.V11, out _);

        var tampered = Tamper(pdu, j => j["content"]!["body"] = "goodbye");

        // The signature covers the redacted form, so it still holds; the hash tells us to use the redacted copy.
        Assert.False(EventHashes.HasValidContentHash(tampered.Json, tampered.RoomVersion));
        Assert.True(EventSignatures.AllValid(EventSignatures.Verify(tampered, TestEvents.VerifyKeyFor)));
        Assert.Equal(pdu.EventId, tampered.EventId);
        Assert.Equal("{}", tampered.Redacted().Content.GetRawText());
    }

    [Fact]
    public void Changing_a_protected_field_breaks_the_signature_and_the_event_id()
    {
        var pdu = Message(RoomVersions.V11, out _);

        var tampered = Tamper(pdu, j => j["origin_server_ts"] = 99);

        Assert.NotEqual(pdu.EventId, tampered.EventId);
        Assert.Equal(SignatureOutcome.Invalid, EventSignatures.Verify(tampered, TestEvents.VerifyKeyFor).Single().Outcome);
    }

    [Fact]
    public void An_event_claiming_another_servers_sender_lacks_that_servers_signature()
    {
        var pdu = Message(RoomVersions.V11, out _);

        var forged = Tamper(pdu, j => j["sender"] = "@mallory:evil.example");

        Assert.Equal(SignatureOutcome.Missing, EventSignatures.Verify(forged, TestEvents.VerifyKeyFor).Single().Outcome);
    }

    [Fact]
    public void A_signature_by_an_unknown_key_asks_for_the_key()
    {
        var pdu = Message(RoomVersions.V11, out _);

        Assert.Equal(SignatureOutcome.UnknownKey, EventSignatures.Verify(pdu, (_, _) => null).Single().Outcome);
    }

    [Theory]
    [InlineData("4", true)]
    [InlineData("5", false)]
    [InlineData("11", false)]
    public void From_version_5_a_key_must_be_valid_when_the_event_was_sent(string id, bool accepted)
    {
        var pdu = Message(RoomVersions.Find(id)!, out _);
        VerifyKey? Expired(string server, string keyId) =>
            TestEvents.VerifyKeyFor(server, keyId) is { } key ? key with { ValidUntilTs = pdu.OriginServerTs - 1 } : null;

        Assert.Equal(accepted, EventSignatures.AllValid(EventSignatures.Verify(pdu, Expired)));
    }

    [Fact]
    public void An_old_key_verifies_events_from_before_it_expired_only()
    {
        var pdu = Message(RoomVersions.V11, out _);
        VerifyKey? OldKey(long expiredTs) => TestEvents.VerifyKeyFor("example.com", "ed25519:test")! with { ExpiredTs = expiredTs };

        Assert.True(EventSignatures.AllValid(EventSignatures.Verify(pdu, (_, _) => OldKey(pdu.OriginServerTs + 1))));
        Assert.False(EventSignatures.AllValid(EventSignatures.Verify(pdu, (_, _) => OldKey(pdu.OriginServerTs - 1))));
    }

    [Fact]
    public void Version_1_events_also_need_the_signature_of_the_server_in_their_event_id()
    {
        var pdu = Message(RoomVersions.V1, out _);
        var moved = Tamper(pdu, j => j["event_id"] = "$moved:elsewhere.example");

        Assert.Equal(["example.com", "elsewhere.example"], EventSignatures.RequiredSigners(moved));
        Assert.Equal(SignatureOutcome.Missing, EventSignatures.Verify(moved, TestEvents.VerifyKeyFor)[1].Outcome);
    }

    [Fact]
    public void A_restricted_join_needs_the_authorising_servers_signature()
    {
        var room = Create(RoomVersions.V10, JoinRule.Restricted);
        var join = room.Member(Bob, Bob, Membership.Join, "\"join_authorised_via_users_server\":\"@alice:resident.example\"");

        Assert.Equal(["example.com", "resident.example"], EventSignatures.RequiredSigners(join));
        Assert.Equal(SignatureOutcome.Missing, EventSignatures.Verify(join, TestEvents.VerifyKeyFor)[1].Outcome);
        Assert.True(EventSignatures.AllValid(EventSignatures.Verify(TestEvents.CoSign(join, "resident.example"), TestEvents.VerifyKeyFor)));
    }
}
