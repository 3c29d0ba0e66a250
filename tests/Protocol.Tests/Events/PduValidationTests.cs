using System.Text;
using System.Text.Json.Nodes;
using Tangle.Protocol.Events;
using Tangle.Protocol.Rooms;

namespace Tangle.Protocol.Tests.Events;

/// <summary>Events that break their room version's format are refused with a specific error, never an exception.</summary>
public sealed class PduValidationTests
{
    private static readonly string Auth = "$" + new string('a', 43);

    private static JsonObject Valid() => new()
    {
        ["auth_events"] = new JsonArray(Auth),
        ["content"] = new JsonObject { ["body"] = "hi" },
        ["depth"] = 3,
        ["hashes"] = new JsonObject { ["sha256"] = "aGFzaA" },
        ["origin_server_ts"] = 1000,
        ["prev_events"] = new JsonArray(Auth),
        ["room_id"] = "!r:example.org",
        ["sender"] = "@alice:example.org",
        ["signatures"] = new JsonObject(),
        ["type"] = "m.room.message",
    };

    private static Result<Pdu> Parse(JsonObject json, RoomVersion? version = null) =>
        Pdu.Parse(Encoding.UTF8.GetBytes(json.ToJsonString()), version ?? RoomVersions.V11);

    [Fact]
    public void A_well_formed_event_parses()
    {
        var pdu = Parse(Valid()).Value;

        Assert.Equal(("m.room.message", "@alice:example.org", 3L, 1000L), (pdu.Type, pdu.Sender.Value, pdu.Depth, pdu.OriginServerTs));
    }

    public static TheoryData<string, string, string> BrokenFields() => new()
    {
        { "type", "5", "type must be a string" },
        { "sender", "\"alice\"", "sender" },
        { "sender", "null", "sender must be a string" },
        { "depth", "\"3\"", "depth must be an integer" },
        { "depth", "-1", "depth must not be negative" },
        { "origin_server_ts", "\"1000\"", "origin_server_ts must be an integer" },
        { "origin_server_ts", "1.5", "floats" },
        { "content", "[]", "content must be an object" },
        { "hashes", "{}", "hashes.sha256 must be a string" },
        { "signatures", "{\"example.org\":\"sig\"}", "signatures.example.org must be an object" },
        { "prev_events", "\"$x\"", "prev_events must be an array" },
        { "prev_events", "[5]", "prev_events entries must be event ids" },
        { "auth_events", "[\"not-an-id\"]", "auth_events" },
        { "room_id", "\"no-sigil\"", "room_id" },
        { "state_key", "7", "state_key must be a string" },
    };

    [Theory]
    [MemberData(nameof(BrokenFields))]
    public void A_field_of_the_wrong_type_is_a_bad_json_error(string field, string value, string message)
    {
        var json = Valid();
        json[field] = JsonNode.Parse(value);

        var result = Parse(json);

        Assert.Equal(ProtocolErrorKind.BadJson, result.Error?.Kind);
        Assert.Contains(message, result.Error!.Message);
    }

    [Theory]
    [InlineData("type")]
    [InlineData("sender")]
    [InlineData("content")]
    [InlineData("depth")]
    [InlineData("hashes")]
    [InlineData("signatures")]
    [InlineData("prev_events")]
    [InlineData("auth_events")]
    [InlineData("room_id")]
    [InlineData("origin_server_ts")]
    public void A_missing_required_field_is_named(string field)
    {
        var json = Valid();
        json.Remove(field);

        var result = Parse(json);

        Assert.Equal(ProtocolErrorKind.BadJson, result.Error?.Kind);
        Assert.Contains(field, result.Error!.Message);
    }

    [Fact]
    public void An_event_over_65536_bytes_is_too_large()
    {
        var json = Valid();
        json["content"] = new JsonObject { ["body"] = new string('x', 65_536) };

        Assert.Equal(ProtocolErrorKind.TooLarge, Parse(json).Error?.Kind);
    }

    [Fact]
    public void An_event_just_under_the_limit_is_accepted()
    {
        var json = Valid();
        var size = Encoding.UTF8.GetByteCount(json.ToJsonString());
        json["content"] = new JsonObject { ["body"] = new string('x', 65_536 - size - 10) };

        Assert.True(Parse(json).IsOk);
    }

    [Fact]
    public void Too_many_prev_or_auth_events_are_refused()
    {
        var tooManyPrev = Valid();
        tooManyPrev["prev_events"] = new JsonArray(Enumerable.Range(0, 21).Select(_ => (JsonNode?)Auth).ToArray());
        var tooManyAuth = Valid();
        tooManyAuth["auth_events"] = new JsonArray(Enumerable.Range(0, 11).Select(_ => (JsonNode?)Auth).ToArray());

        Assert.Contains("at most 20", Parse(tooManyPrev).Error!.Message);
        Assert.Contains("at most 10", Parse(tooManyAuth).Error!.Message);
    }

    [Fact]
    public void Type_and_state_key_are_limited_to_255_bytes()
    {
        var longType = Valid();
        longType["type"] = new string('t', 256);
        var longKey = Valid();
        longKey["state_key"] = new string('k', 256);

        Assert.Contains("type is longer", Parse(longType).Error!.Message);
        Assert.Contains("state_key is longer", Parse(longKey).Error!.Message);
    }

    [Fact]
    public void Canonical_json_rooms_refuse_floats_and_out_of_range_integers()
    {
        var withFloat = Valid();
        withFloat["content"] = new JsonObject { ["n"] = 1.5 };
        var withBigDepth = Valid();
        withBigDepth["depth"] = 9_007_199_254_740_992;

        Assert.Equal(ProtocolErrorKind.BadJson, Parse(withFloat).Error?.Kind);
        Assert.Equal(ProtocolErrorKind.BadJson, Parse(withBigDepth).Error?.Kind);
    }

    [Fact]
    public void Rooms_before_version_6_tolerate_floats_in_content()
    {
        var json = Valid();
        json["content"] = new JsonObject { ["n"] = 1.5 };
        json["prev_events"] = new JsonArray(new JsonArray("$p:example.org", new JsonObject()));
        json["auth_events"] = new JsonArray();
        json["event_id"] = "$e:example.org";

        Assert.True(Parse(json, RoomVersions.V1).IsOk);
    }

    [Fact]
    public void Version_1_events_need_an_event_id_and_reference_pairs()
    {
        var json = Valid();

        Assert.Contains("pairs", Parse(json, RoomVersions.V2).Error!.Message);
    }

    [Fact]
    public void Only_a_v12_create_event_may_omit_the_room_id()
    {
        var create = Valid();
        create.Remove("room_id");
        create["type"] = "m.room.create";
        create["state_key"] = "";

        Assert.True(Parse(create, RoomVersions.V12).IsOk);
        Assert.Contains("room_id is required", Parse(create, RoomVersions.V11).Error!.Message);
    }

    [Fact]
    public void Duplicate_keys_in_an_event_are_refused()
    {
        var text = Valid().ToJsonString().Replace("\"depth\":3", "\"depth\":3,\"depth\":4");

        Assert.Equal(ProtocolErrorKind.BadJson, Pdu.Parse(Encoding.UTF8.GetBytes(text), RoomVersions.V11).Error?.Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"type\":")]
    [InlineData("null")]
    public void Garbage_is_refused_without_an_exception(string text)
    {
        Assert.False(Pdu.Parse(Encoding.UTF8.GetBytes(text), RoomVersions.V11).IsOk);
    }

    [Fact]
    public void Redaction_events_read_redacts_from_the_place_their_version_keeps_it()
    {
        var target = "$" + new string('x', 43);
        var v11 = Valid();
        v11["type"] = "m.room.redaction";
        v11["content"] = new JsonObject { ["redacts"] = target };
        var v10 = Valid();
        v10["type"] = "m.room.redaction";
        v10["redacts"] = target;

        Assert.Equal(target, Parse(v11, RoomVersions.V11).Value.Redacts);
        Assert.Equal(target, Parse(v10, RoomVersions.V10).Value.Redacts);
        Assert.Null(Parse(v10, RoomVersions.V11).Value.Redacts);
    }
}
