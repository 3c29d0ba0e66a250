using System.Text;
using Tangle.Protocol.Auth;
using Tangle.Protocol.Events;
using Tangle.Protocol.Rooms;
using Tangle.Protocol.Tests.Fixtures;
using static Tangle.Protocol.Tests.Fixtures.BobManagesLevels;
using static Tangle.Protocol.Tests.Fixtures.TestRoom;

namespace Tangle.Protocol.Tests.Auth;

/// <summary>
/// Which values are power levels: strings holding integers in v1–v9, floats truncated in v1–v5, and
/// only JSON integers from v10 (rules 10.1 to 10.3, 9.1 to 9.3 in v10–v11).
/// </summary>
public sealed class PowerLevelsValuesTests
{
    private const string Dave = "@dave:example.com";

    [Theory]
    [Versions(1, 9, Cases = ["50", " 050 ", "+50", "0050", "\\t50\\n"])]
    public void A_string_holding_an_integer_is_a_user_level_before_version_10(string v, string level)
    {
        var room = Create(v);
        room.Join(Bob);
        room.Do(Alice, EventTypes.PowerLevels, "", $$$"""{"users":{"{{{Alice}}}":100,"{{{Bob}}}":"{{{level}}}","{{{Charlie}}}":49,"{{{Dave}}}":50}}""");

        Assert.True(room.Check(room.Member(Bob, Charlie, Membership.Leave)).IsAllowed);
        Assert.Equal(AuthRule.KickInsufficientPower, room.Check(room.Member(Bob, Dave, Membership.Leave)).RejectedBy);
    }

    [Theory]
    [Versions(1, 9)]
    public void Strings_holding_integers_are_levels_everywhere_before_version_10(string v)
    {
        var room = Create(v);
        room.Join(Bob);
        room.Do(Alice, EventTypes.PowerLevels, "",
            $$$"""{"users":{"{{{Alice}}}":"100","{{{Bob}}}":"10"},"kick":"+10","state_default":" 100 ","events":{"m.room.topic":"010"},"notifications":{"room":"10"}}""");

        Assert.True(room.Check(room.Member(Bob, Charlie, Membership.Leave)).IsAllowed);
        Assert.True(room.Check(room.Send(Bob, "m.room.topic", "", """{"topic":"t"}""")).IsAllowed);
        Assert.Equal(AuthRule.EventInsufficientPower, room.Check(room.Send(Bob, "m.room.name", "", """{"name":"n"}""")).RejectedBy);
    }

    [Theory]
    [Versions(1, 9)]
    public void String_levels_are_compared_by_their_value_before_version_10(string v)
    {
        var room = BobManages(v, new(new Dictionary<string, long> { [Charlie] = 10 }));

        Assert.Equal(AuthRule.PowerLevelsChangeAboveSender, BobSetsRaw(room, "\"ban\":\"+51\"").RejectedBy);
        Assert.Equal(AuthRule.PowerLevelsEventChangeAboveSender, BobSetsRaw(room, "\"events\":{\"m.room.power_levels\":50,\"m.room.name\":\" 51\"}").RejectedBy);
        Assert.Equal(AuthRule.PowerLevelsUserAboveSender, BobSetsRaw(room, "\"users\":{\"@alice:example.com\":100,\"@bob:example.com\":50,\"@charlie:example.com\":\"0051\"}").RejectedBy);
        Assert.True(BobSetsRaw(room, "\"ban\":\"+50\",\"users\":{\"@alice:example.com\":100,\"@bob:example.com\":50,\"@charlie:example.com\":\" 50 \"}").IsAllowed);
    }

    [Theory]
    [Versions(1, 9, Cases = ["5.0", "1e2", "fifty", "", " ", "+-5", "0x10", "5 0", "٥٠"])]
    public void A_string_that_is_not_an_integer_is_no_user_level_before_version_10(string v, string level)
    {
        var room = Create(v);

        var levels = room.Send(Alice, EventTypes.PowerLevels, "", $$$"""{"users":{"{{{Alice}}}":100,"{{{Bob}}}":"{{{level}}}"}}""");

        Assert.Equal(AuthRule.PowerLevelsInvalidUsers, room.Check(levels).RejectedBy);
    }

    [Theory]
    [Versions(10, Cases = ["\"50\"", "\" 050 \"", "\"+50\""])]
    public void Strings_are_no_user_levels_from_version_10(string v, string level)
    {
        var room = Create(v);

        var levels = room.Send(Alice, EventTypes.PowerLevels, "", $$$"""{"users":{"{{{Bob}}}":{{{level}}}}}""");

        Assert.Equal(AuthRule.PowerLevelsInvalidUsers, room.Check(levels).RejectedBy);
    }

    [Theory]
    [Versions(10, Cases = ["users_default", "events_default", "state_default", "ban", "redact", "kick", "invite"])]
    public void A_level_that_is_a_string_is_rejected_from_version_10(string v, string property)
    {
        var room = Create(v);
        var bare = Bare(v);

        var levels = room.Send(Alice, EventTypes.PowerLevels, "", room.PowerLevelsContent(new Dictionary<string, long>(), $"\"{property}\":\"50\""));
        var first = bare.Send(Alice, EventTypes.PowerLevels, "", bare.PowerLevelsContent(new Dictionary<string, long>(), $"\"{property}\":\"50\""));

        Assert.Equal(AuthRule.PowerLevelsNotInteger, room.Check(levels).RejectedBy);
        Assert.Equal(AuthRule.PowerLevelsNotInteger, bare.Check(first).RejectedBy);
    }

    [Theory]
    [Versions(10, Cases = ["null", "true", "{}", "[]"])]
    public void A_level_that_is_not_an_integer_is_rejected_from_version_10(string v, string value)
    {
        var room = Create(v);

        var levels = room.Send(Alice, EventTypes.PowerLevels, "", room.PowerLevelsContent(new Dictionary<string, long>(), $"\"ban\":{value}"));

        Assert.Equal(AuthRule.PowerLevelsNotInteger, room.Check(levels).RejectedBy);
    }

    [Theory]
    [Versions(10, Cases = [
        "\"events\":[]", "\"events\":\"m.room.name\"", "\"events\":{\"m.room.name\":\"50\"}", "\"events\":{\"m.room.name\":null}",
        "\"notifications\":5", "\"notifications\":null", "\"notifications\":{\"room\":\"50\"}", "\"notifications\":{\"room\":true}"])]
    public void Events_or_notifications_that_are_not_objects_of_integers_are_rejected_from_version_10(string v, string map)
    {
        var room = Create(v);
        var bare = Bare(v);

        var levels = room.Send(Alice, EventTypes.PowerLevels, "", room.PowerLevelsContent(new Dictionary<string, long>(), map));
        var first = bare.Send(Alice, EventTypes.PowerLevels, "", bare.PowerLevelsContent(new Dictionary<string, long>(), map));

        Assert.Equal(AuthRule.PowerLevelsInvalidMap, room.Check(levels).RejectedBy);
        Assert.Equal(AuthRule.PowerLevelsInvalidMap, bare.Check(first).RejectedBy);
    }

    [Theory]
    [Versions(10)]
    public void Integer_levels_everywhere_are_allowed_from_version_10(string v)
    {
        var room = Create(v);

        var levels = room.Send(Alice, EventTypes.PowerLevels, "", room.PowerLevelsContent(
            new Dictionary<string, long> { [Bob] = -5 },
            "\"users_default\":0,\"events_default\":0,\"state_default\":50,\"ban\":50,\"redact\":50,\"kick\":50,\"invite\":0,\"events\":{\"m.room.name\":50},\"notifications\":{\"room\":50}"));

        Assert.True(room.Check(levels).IsAllowed);
    }

    [Theory]
    [Versions(1, 5)]
    public void A_float_user_level_is_truncated_before_version_6(string v)
    {
        var room = Create(v);
        room.Join(Bob);
        room.Do(Alice, EventTypes.PowerLevels, "", $$$"""{"users":{"{{{Alice}}}":100,"{{{Bob}}}":50.9,"{{{Charlie}}}":49.99,"{{{Dave}}}":50}}""");

        Assert.True(room.Check(room.Member(Bob, Charlie, Membership.Leave)).IsAllowed);
        Assert.Equal(AuthRule.KickInsufficientPower, room.Check(room.Member(Bob, Dave, Membership.Leave)).RejectedBy);
    }

    [Theory]
    [Versions(1, 5)]
    public void Float_levels_are_truncated_after_exponents_are_applied_before_version_6(string v)
    {
        var room = Create(v);
        room.Join(Bob);
        room.Do(Alice, EventTypes.PowerLevels, "", $$$"""{"users":{"{{{Alice}}}":100,"{{{Bob}}}":50},"kick":5.09E1,"ban":0.5001e2}""");

        Assert.True(room.Check(room.Member(Bob, Charlie, Membership.Leave)).IsAllowed);
        Assert.True(room.Check(room.Member(Bob, Charlie, Membership.Ban)).IsAllowed);
    }

    [Theory]
    [Versions(1, 5, Cases = ["50.9", "5.09E1", "-1.5", "0.5"])]
    public void Reading_a_float_truncates_it_before_version_6(string v, string json)
    {
        Assert.True(PowerLevels.TryRead(TestEvents.Json(json), VersionOf(v), out var level));
        Assert.Equal((long)Math.Truncate(double.Parse(json, System.Globalization.CultureInfo.InvariantCulture)), level);
    }

    [Theory]
    [Versions(1, 5, Cases = ["1e400", "-1e400"])]
    public void A_level_beyond_the_range_of_a_double_makes_the_event_invalid_before_version_6(string v, string level)
    {
        var room = Create(v);
        var levels = room.Send(Alice, EventTypes.PowerLevels, "", $$$"""{"users":{"{{{Alice}}}":100},"ban":12345}""");

        var received = levels.ToString().Replace("\"ban\":12345", $"\"ban\":{level}", StringComparison.Ordinal);

        Assert.True(Pdu.Parse(Encoding.UTF8.GetBytes(levels.ToString()), room.Version).IsOk);
        Assert.Contains(level, received, StringComparison.Ordinal);
        Assert.False(Pdu.Parse(Encoding.UTF8.GetBytes(received), room.Version).IsOk);
    }

    [Theory]
    [Versions(6, Cases = ["50.9", "5.09E1", "0.5"])]
    public void A_float_is_no_power_level_from_version_6(string v, string json)
    {
        Assert.False(PowerLevels.TryRead(TestEvents.Json(json), VersionOf(v), out _));
    }

    [Theory]
    [Versions(1, 9, Cases = ["\"100\"", "\"000100\"", "\"+100\"", "\" 100 \"", "\" +100 \""])]
    public void Reading_an_integer_string_gives_its_value_before_version_10(string v, string json)
    {
        Assert.True(PowerLevels.TryRead(TestEvents.Json(json), VersionOf(v), out var level));
        Assert.Equal(100, level);
    }

    [Theory]
    [Versions(1, 9)]
    public void Reading_a_negative_integer_string_gives_its_value_before_version_10(string v)
    {
        Assert.True(PowerLevels.TryRead(TestEvents.Json("\" -100 \""), VersionOf(v), out var level));
        Assert.Equal(-100, level);
    }

    [Theory]
    [Versions(10)]
    public void A_string_is_no_power_level_from_version_10(string v)
    {
        Assert.False(PowerLevels.TryRead(TestEvents.Json("\"100\""), VersionOf(v), out _));
    }

    private static AuthResult BobSetsRaw(TestRoom room, string content) =>
        room.Check(room.Send(Bob, EventTypes.PowerLevels, "", Merge(room, content)));

    /// <summary>Bob's power levels as <see cref="BobManages"/> left them, with <paramref name="members"/> replacing members of the same name.</summary>
    private static string Merge(TestRoom room, string members)
    {
        var current = TestEvents.Json(room.State[new(EventTypes.PowerLevels, "")].Content.GetRawText());
        var replaced = TestEvents.Json("{" + members + "}");
        var kept = current.EnumerateObject().Where(p => !replaced.TryGetProperty(p.Name, out _)).Select(p => p.ToString());
        return "{" + string.Join(",", kept.Concat(replaced.EnumerateObject().Select(p => p.ToString()))) + "}";
    }
}
