using Tangle.Protocol.Auth;
using Tangle.Protocol.Rooms;
using Tangle.Protocol.Tests.Fixtures;
using static Tangle.Protocol.Tests.Fixtures.BobManagesLevels;
using static Tangle.Protocol.Tests.Fixtures.TestRoom;

namespace Tangle.Protocol.Tests.Auth;

/// <summary>
/// Rule 10 (9 in v6–v11): what an m.room.power_levels event may change. Bob, at 50, may send power
/// levels and changes them; the values are integers, which every version accepts.
/// </summary>
public sealed class PowerLevelsRulesTests
{
    private const string Dave = "@dave:example.com";

    [Theory]
    [Versions]
    public void Sending_power_levels_needs_the_level_of_the_power_levels_event(string v)
    {
        var room = Create(v, users: new Dictionary<string, long> { [Bob] = 49 }, powerLevelsExtra: "\"events\":{\"m.room.power_levels\":50}");
        room.Join(Bob);

        var levels = room.Send(Bob, EventTypes.PowerLevels, "", room.PowerLevelsContent(new Dictionary<string, long> { [Bob] = 49 }, "\"events\":{\"m.room.power_levels\":50}"));

        Assert.Equal(AuthRule.EventInsufficientPower, room.Check(levels).RejectedBy);
    }

    [Theory]
    [Versions(Cases = ["[]", "\"@bob:example.com\"", "null"])]
    public void Users_that_is_not_an_object_is_rejected(string v, string users)
    {
        var room = Create(v);

        Assert.Equal(AuthRule.PowerLevelsInvalidUsers, room.Check(room.Send(Alice, EventTypes.PowerLevels, "", $$"""{"users":{{users}}}""")).RejectedBy);
    }

    [Theory]
    [Versions(Cases = ["bob", "@bob", "example.com", ""])]
    public void A_users_key_that_is_not_a_user_id_is_rejected(string v, string key)
    {
        var room = Create(v);

        var levels = room.Send(Alice, EventTypes.PowerLevels, "", room.PowerLevelsContent(new Dictionary<string, long> { [key] = 10 }));

        Assert.Equal(AuthRule.PowerLevelsInvalidUsers, room.Check(levels).RejectedBy);
    }

    [Theory]
    [Versions(Cases = ["true", "null", "{}", "[]", "\"ten\""])]
    public void A_users_value_that_is_not_an_integer_is_rejected(string v, string value)
    {
        var room = Create(v);

        var levels = room.Send(Alice, EventTypes.PowerLevels, "", $$$"""{"users":{"{{{Bob}}}":{{{value}}}}}""");

        Assert.Equal(AuthRule.PowerLevelsInvalidUsers, room.Check(levels).RejectedBy);
    }

    [Theory]
    [Versions]
    public void The_first_power_levels_event_may_grant_anything(string v)
    {
        var room = Bare(v, JoinRule.Public);
        room.Join(Bob);

        var levels = room.Send(Bob, EventTypes.PowerLevels, "", $$$"""{"users":{"{{{Bob}}}":1000,"{{{Charlie}}}":1000},"ban":1000,"events":{"m.room.name":1000}}""");

        Assert.True(room.Check(levels).IsAllowed);
    }

    [Theory]
    [Versions]
    public void The_first_power_levels_event_still_needs_valid_users(string v)
    {
        var room = Bare(v, JoinRule.Public);
        room.Join(Bob);

        Assert.Equal(AuthRule.PowerLevelsInvalidUsers, room.Check(room.Send(Bob, EventTypes.PowerLevels, "", """{"users":{"bob":1}}""")).RejectedBy);
    }

    [Theory]
    [Versions(Cases = ["users_default", "events_default", "state_default", "ban", "redact", "kick", "invite"])]
    public void A_level_may_be_changed_up_to_the_senders_power(string v, string property)
    {
        var room = BobManages(v, new(Rest: $"\"{property}\":40"));

        Assert.True(BobSets(room, new(Rest: $"\"{property}\":50")).IsAllowed);
        Assert.True(BobSets(room, new(Rest: $"\"{property}\":0")).IsAllowed);
        Assert.True(BobSets(room, new()).IsAllowed);
    }

    [Theory]
    [Versions(Cases = ["users_default", "events_default", "state_default", "ban", "redact", "kick", "invite"])]
    public void A_level_may_be_added_up_to_the_senders_power(string v, string property)
    {
        var room = BobManages(v, new());

        Assert.True(BobSets(room, new(Rest: $"\"{property}\":50")).IsAllowed);
    }

    [Theory]
    [Versions(Cases = ["users_default", "events_default", "state_default", "ban", "redact", "kick", "invite"])]
    public void Raising_or_adding_a_level_above_the_senders_power_is_rejected(string v, string property)
    {
        var room = BobManages(v, new(Rest: $"\"{property}\":40"));
        var bare = BobManages(v, new());

        Assert.Equal(AuthRule.PowerLevelsChangeAboveSender, BobSets(room, new(Rest: $"\"{property}\":51")).RejectedBy);
        Assert.Equal(AuthRule.PowerLevelsChangeAboveSender, BobSets(bare, new(Rest: $"\"{property}\":51")).RejectedBy);
    }

    [Theory]
    [Versions(Cases = ["users_default", "events_default", "state_default", "ban", "redact", "kick", "invite"])]
    public void Changing_or_removing_a_level_above_the_senders_power_is_rejected(string v, string property)
    {
        var room = BobManages(v, new(Rest: $"\"{property}\":60"));

        Assert.Equal(AuthRule.PowerLevelsChangeAboveSender, BobSets(room, new(Rest: $"\"{property}\":10")).RejectedBy);
        Assert.Equal(AuthRule.PowerLevelsChangeAboveSender, BobSets(room, new()).RejectedBy);
    }

    [Theory]
    [Versions(Cases = ["users_default", "events_default", "state_default", "ban", "redact", "kick", "invite"])]
    public void A_level_above_the_senders_power_may_be_left_as_it_is(string v, string property)
    {
        var room = BobManages(v, new(new Dictionary<string, long> { [Charlie] = 10 }, Rest: $"\"{property}\":60"));

        Assert.True(BobSets(room, new(new Dictionary<string, long> { [Charlie] = 20 }, Rest: $"\"{property}\":60")).IsAllowed);
    }

    [Theory]
    [Versions]
    public void Event_levels_at_or_below_the_senders_power_may_be_added_changed_and_removed(string v)
    {
        var room = BobManages(v, new(Events: "\"m.room.name\":30"));

        Assert.True(BobSets(room, new(Events: "\"m.room.name\":50")).IsAllowed);
        Assert.True(BobSets(room, new()).IsAllowed);
        Assert.True(BobSets(room, new(Events: "\"m.room.name\":30,\"m.room.topic\":50")).IsAllowed);
    }

    [Theory]
    [Versions]
    public void Adding_or_raising_an_event_level_above_the_senders_power_is_rejected(string v)
    {
        var room = BobManages(v, new(Events: "\"m.room.name\":30"));

        Assert.Equal(AuthRule.PowerLevelsEventChangeAboveSender, BobSets(room, new(Events: "\"m.room.name\":51")).RejectedBy);
        Assert.Equal(AuthRule.PowerLevelsEventChangeAboveSender, BobSets(room, new(Events: "\"m.room.name\":30,\"m.room.topic\":51")).RejectedBy);
    }

    [Theory]
    [Versions]
    public void Changing_or_removing_an_event_level_above_the_senders_power_is_rejected(string v)
    {
        var room = BobManages(v, new(Events: "\"m.room.name\":75"));

        Assert.Equal(AuthRule.PowerLevelsEventChangeAboveSender, BobSets(room, new(Events: "\"m.room.name\":10")).RejectedBy);
        Assert.Equal(AuthRule.PowerLevelsEventChangeAboveSender, BobSets(room, new()).RejectedBy);
    }

    [Theory]
    [Versions]
    public void A_user_below_the_sender_may_be_changed_or_removed(string v)
    {
        var room = BobManages(v, new(new Dictionary<string, long> { [Charlie] = 49 }));

        Assert.True(BobSets(room, new(new Dictionary<string, long> { [Charlie] = 10 })).IsAllowed);
        Assert.True(BobSets(room, new(new Dictionary<string, long> { [Charlie] = 50 })).IsAllowed);
        Assert.True(BobSets(room, new()).IsAllowed);
    }

    [Theory]
    [Versions(Cases = ["50", "75"])]
    public void A_user_at_or_above_the_senders_power_cannot_be_changed_or_removed(string v, string level)
    {
        var room = BobManages(v, new(new Dictionary<string, long> { [Charlie] = long.Parse(level) }));

        Assert.Equal(AuthRule.PowerLevelsUserNotBelowSender, BobSets(room, new(new Dictionary<string, long> { [Charlie] = 10 })).RejectedBy);
        Assert.Equal(AuthRule.PowerLevelsUserNotBelowSender, BobSets(room, new()).RejectedBy);
    }

    [Theory]
    [Versions]
    public void A_sender_may_lower_or_remove_their_own_level(string v)
    {
        var room = BobManages(v, new());

        Assert.True(BobSets(room, new(new Dictionary<string, long> { [Bob] = 10 })).IsAllowed);
        Assert.True(BobSets(room, new(new Dictionary<string, long> { [Bob] = 0 })).IsAllowed);
    }

    [Theory]
    [Versions]
    public void A_user_may_be_added_up_to_the_senders_power(string v)
    {
        var room = BobManages(v, new());

        Assert.True(BobSets(room, new(new Dictionary<string, long> { [Dave] = 50 })).IsAllowed);
    }

    [Theory]
    [Versions]
    public void Granting_more_power_than_the_sender_has_is_rejected(string v)
    {
        var room = BobManages(v, new(new Dictionary<string, long> { [Charlie] = 10 }));

        Assert.Equal(AuthRule.PowerLevelsUserAboveSender, BobSets(room, new(new Dictionary<string, long> { [Charlie] = 51 })).RejectedBy);
        Assert.Equal(AuthRule.PowerLevelsUserAboveSender, BobSets(room, new(new Dictionary<string, long> { [Charlie] = 10, [Dave] = 51 })).RejectedBy);
        Assert.Equal(AuthRule.PowerLevelsUserAboveSender, BobSets(room, new(new Dictionary<string, long> { [Charlie] = 10, [Bob] = 51 })).RejectedBy);
    }
}
