using System.Security.Cryptography;
using System.Text;
using Tangle.Protocol.Events;
using Tangle.Protocol.Json;
using Tangle.Protocol.Rooms;

namespace Tangle.Protocol.Tests.Events;

/// <summary>
/// Redaction and event ids per room version. Every expectation is written out by hand as canonical
/// JSON and hashed here, so the implementation's encoder and redaction are checked, not echoed.
/// </summary>
public sealed class RedactionAndEventIdTests
{
    private const string Common = """
        "auth_events":["$aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"],"depth":7,"hashes":{"sha256":"aGFzaA"},"origin":"example.org","origin_server_ts":1234,
        "prev_events":["$ppppppppppppppppppppppppppppppppppppppppppp"],"room_id":"!r:example.org","sender":"@alice:example.org","signatures":{"example.org":{"ed25519:1":"c2ln"}},
        "unsigned":{"age":5}
        """;

    private const string Kept = """
        "auth_events":["$aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"],"depth":7,"hashes":{"sha256":"aGFzaA"},"origin_server_ts":1234,"prev_events":["$ppppppppppppppppppppppppppppppppppppppppppp"],"room_id":"!r:example.org","sender":"@alice:example.org"
        """;

    private const string Signatures = """
        "signatures":{"example.org":{"ed25519:1":"c2ln"}}
        """;

    private static string Event(string type, string? stateKey, string content, string extraTopLevel = "") =>
        "{" + Common + ",\"type\":\"" + type + "\"" + (stateKey is null ? "" : ",\"state_key\":\"" + stateKey + "\"")
        + ",\"content\":" + content + extraTopLevel + "}";

    /// <summary>Hand-written canonical redacted events: keys in code point order, no whitespace.</summary>
    private static string Redacted(string contentAndType, bool legacyTopLevel, bool withSignatures)
    {
        var parts = new List<string> { Kept.Trim(), contentAndType.Trim()[1..^1] };
        if (legacyTopLevel)
            parts.Add("\"origin\":\"example.org\"");
        if (withSignatures)
            parts.Add(Signatures.Trim());
        var members = string.Join(",", parts).Replace("\n", "");
        var doc = StrictJson.Parse("{" + members + "}").Value;
        // Order the hand-written members by code point, as canonical JSON does; the values are written canonically already.
        var ordered = doc.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => $"\"{p.Name}\":{p.Value.GetRawText()}");
        return "{" + string.Join(",", ordered) + "}";
    }

    private static string ExpectedEventId(string canonicalRedactedWithoutSignatures, bool urlSafe)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRedactedWithoutSignatures));
        var b64 = Convert.ToBase64String(hash).TrimEnd('=');
        return "$" + (urlSafe ? b64.Replace('+', '-').Replace('/', '_') : b64);
    }

    public static TheoryData<string, string, string?, string, string, bool> Cases() => new()
    {
        // version, type, state key, content, redacted content+type members, legacy top-level kept
        { "4", "m.room.member", "@alice:example.org",
            """{"membership":"join","displayname":"Alice","join_authorised_via_users_server":"@bob:example.org"}""",
            """{"content":{"membership":"join"},"state_key":"@alice:example.org","type":"m.room.member"}""", true },
        { "9", "m.room.member", "@alice:example.org",
            """{"membership":"join","displayname":"Alice","join_authorised_via_users_server":"@bob:example.org"}""",
            """{"content":{"join_authorised_via_users_server":"@bob:example.org","membership":"join"},"state_key":"@alice:example.org","type":"m.room.member"}""", true },
        { "11", "m.room.member", "@alice:example.org",
            """{"membership":"invite","third_party_invite":{"display_name":"a","signed":{"mxid":"@alice:example.org","token":"t"}}}""",
            """{"content":{"membership":"invite","third_party_invite":{"signed":{"mxid":"@alice:example.org","token":"t"}}},"state_key":"@alice:example.org","type":"m.room.member"}""", false },
        { "10", "m.room.member", "@alice:example.org",
            """{"membership":"invite","third_party_invite":{"display_name":"a","signed":{"mxid":"@alice:example.org","token":"t"}}}""",
            """{"content":{"membership":"invite"},"state_key":"@alice:example.org","type":"m.room.member"}""", true },
        { "10", "m.room.create", "", """{"creator":"@alice:example.org","room_version":"10","m.federate":false}""",
            """{"content":{"creator":"@alice:example.org"},"state_key":"","type":"m.room.create"}""", true },
        { "11", "m.room.create", "", """{"room_version":"11","m.federate":false}""",
            """{"content":{"m.federate":false,"room_version":"11"},"state_key":"","type":"m.room.create"}""", false },
        { "10", "m.room.power_levels", "", """{"ban":50,"invite":0,"notifications":{"room":20},"users":{"@alice:example.org":100}}""",
            """{"content":{"ban":50,"users":{"@alice:example.org":100}},"state_key":"","type":"m.room.power_levels"}""", true },
        { "11", "m.room.power_levels", "", """{"ban":50,"invite":0,"notifications":{"room":20},"users":{"@alice:example.org":100}}""",
            """{"content":{"ban":50,"invite":0,"users":{"@alice:example.org":100}},"state_key":"","type":"m.room.power_levels"}""", false },
        { "7", "m.room.join_rules", "", """{"join_rule":"restricted","allow":[{"type":"m.room_membership","room_id":"!s:example.org"}]}""",
            """{"content":{"join_rule":"restricted"},"state_key":"","type":"m.room.join_rules"}""", true },
        { "8", "m.room.join_rules", "", """{"join_rule":"restricted","allow":[{"type":"m.room_membership","room_id":"!s:example.org"}]}""",
            """{"content":{"allow":[{"room_id":"!s:example.org","type":"m.room_membership"}],"join_rule":"restricted"},"state_key":"","type":"m.room.join_rules"}""", true },
        { "5", "m.room.aliases", "example.org", """{"aliases":["#a:example.org"]}""",
            """{"content":{"aliases":["#a:example.org"]},"state_key":"example.org","type":"m.room.aliases"}""", true },
        { "6", "m.room.aliases", "example.org", """{"aliases":["#a:example.org"]}""",
            """{"content":{},"state_key":"example.org","type":"m.room.aliases"}""", true },
        { "11", "m.room.redaction", null, """{"redacts":"$xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx","reason":"spam"}""",
            """{"content":{"redacts":"$xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"},"type":"m.room.redaction"}""", false },
        { "10", "m.room.history_visibility", "", """{"history_visibility":"shared","other":1}""",
            """{"content":{"history_visibility":"shared"},"state_key":"","type":"m.room.history_visibility"}""", true },
        { "3", "m.room.message", null, """{"body":"secret","msgtype":"m.text"}""",
            """{"content":{},"type":"m.room.message"}""", true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Redaction_keeps_what_the_room_version_protects(string versionId, string type, string? stateKey, string content, string redactedMembers, bool legacyTopLevel)
    {
        var version = RoomVersions.Find(versionId)!;
        var pdu = Pdu.Parse(Encoding.UTF8.GetBytes(Event(type, stateKey, content)), version).Value;

        var redacted = pdu.Redacted();

        Assert.Equal(Redacted(redactedMembers.Trim(), legacyTopLevel, withSignatures: true), redacted.ToString());
        Assert.Equal(pdu.EventId, redacted.EventId);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_event_id_is_the_hash_of_the_redacted_event(string versionId, string type, string? stateKey, string content, string redactedMembers, bool legacyTopLevel)
    {
        var version = RoomVersions.Find(versionId)!;
        var pdu = Pdu.Parse(Encoding.UTF8.GetBytes(Event(type, stateKey, content)), version).Value;

        var expected = ExpectedEventId(Redacted(redactedMembers.Trim(), legacyTopLevel, withSignatures: false), urlSafe: versionId != "3");

        Assert.Equal(expected, pdu.EventId.Value);
    }

    [Fact]
    public void A_v12_create_event_has_no_room_id_and_names_the_room_by_its_hash()
    {
        var json = """
            {"auth_events":[],"content":{"room_version":"12"},"depth":1,"hashes":{"sha256":"aGFzaA"},"origin_server_ts":1,
             "prev_events":[],"sender":"@alice:example.org","signatures":{},"state_key":"","type":"m.room.create"}
            """;
        var canonical = """{"auth_events":[],"content":{"room_version":"12"},"depth":1,"hashes":{"sha256":"aGFzaA"},"origin_server_ts":1,"prev_events":[],"sender":"@alice:example.org","state_key":"","type":"m.room.create"}""";

        var pdu = Pdu.Parse(Encoding.UTF8.GetBytes(json), RoomVersions.V12).Value;

        var expectedId = ExpectedEventId(canonical, urlSafe: true);
        Assert.Equal(expectedId, pdu.EventId.Value);
        Assert.Equal("!" + expectedId[1..], pdu.RoomId.Value);
        Assert.False(pdu.HasRoomIdField);
    }

    [Fact]
    public void Version_1_events_carry_their_own_id()
    {
        var json = """
            {"auth_events":[["$a:example.org",{"sha256":"aGFzaA"}]],"content":{},"depth":2,"event_id":"$abc:example.org","hashes":{"sha256":"aGFzaA"},
             "origin_server_ts":1,"prev_events":[["$p:example.org",{}]],"room_id":"!r:example.org","sender":"@alice:example.org","signatures":{},"type":"m.room.message"}
            """;

        var pdu = Pdu.Parse(Encoding.UTF8.GetBytes(json), RoomVersions.V1).Value;

        Assert.Equal("$abc:example.org", pdu.EventId.Value);
        Assert.Equal("$a:example.org", pdu.AuthEvents.Single().Value);
        Assert.Equal("aGFzaA", pdu.AuthEventReferences.Single().ReferenceHash);
        Assert.Equal("$p:example.org", pdu.PrevEvents.Single().Value);
    }

    [Fact]
    public void Unsigned_data_is_not_kept_and_does_not_change_the_event_id()
    {
        var with = Pdu.Parse(Encoding.UTF8.GetBytes(Event("m.room.message", null, "{}")), RoomVersions.V10).Value;
        var without = Pdu.Parse(Encoding.UTF8.GetBytes(Event("m.room.message", null, "{}").Replace(",\n\"unsigned\":{\"age\":5}", "")), RoomVersions.V10).Value;

        Assert.DoesNotContain("unsigned", with.ToString());
        Assert.Equal(without.EventId, with.EventId);
    }
}
