using Tangle.Protocol.Auth;
using Tangle.Protocol.Tests.Fixtures;
using static Tangle.Protocol.Tests.Fixtures.BobManagesLevels;

namespace Tangle.Protocol.Tests.Auth;

/// <summary>From v6, notifications levels are limited like events levels (rules 10.7 and 10.8 in v12).</summary>
public sealed class NotificationsLevelsTests
{
    [Theory]
    [Versions]
    public void Notification_levels_at_or_below_the_senders_power_may_be_added_changed_and_removed(string v)
    {
        var room = BobManages(v, new(Rest: "\"notifications\":{\"room\":20}"));

        Assert.True(BobSets(room, new(Rest: "\"notifications\":{\"room\":50}")).IsAllowed);
        Assert.True(BobSets(room, new(Rest: "\"notifications\":{\"room\":20,\"org.example.ping\":50}")).IsAllowed);
        Assert.True(BobSets(room, new(Rest: "\"notifications\":{}")).IsAllowed);
        Assert.True(BobSets(room, new()).IsAllowed);
    }

    [Theory]
    [Versions(6)]
    public void Adding_or_raising_a_notification_level_above_the_senders_power_is_rejected_from_version_6(string v)
    {
        var room = BobManages(v, new(Rest: "\"notifications\":{\"room\":20}"));

        Assert.Equal(AuthRule.PowerLevelsEventChangeAboveSender, BobSets(room, new(Rest: "\"notifications\":{\"room\":51}")).RejectedBy);
        Assert.Equal(AuthRule.PowerLevelsEventChangeAboveSender, BobSets(room, new(Rest: "\"notifications\":{\"room\":20,\"org.example.ping\":51}")).RejectedBy);
    }

    [Theory]
    [Versions(6)]
    public void Changing_or_removing_a_notification_level_above_the_senders_power_is_rejected_from_version_6(string v)
    {
        var room = BobManages(v, new(Rest: "\"notifications\":{\"room\":75}"));

        Assert.Equal(AuthRule.PowerLevelsEventChangeAboveSender, BobSets(room, new(Rest: "\"notifications\":{\"room\":10}")).RejectedBy);
        Assert.Equal(AuthRule.PowerLevelsEventChangeAboveSender, BobSets(room, new(Rest: "\"notifications\":{}")).RejectedBy);
        Assert.Equal(AuthRule.PowerLevelsEventChangeAboveSender, BobSets(room, new()).RejectedBy);
    }

    [Theory]
    [Versions(1, 5)]
    public void Notification_levels_are_not_limited_before_version_6(string v)
    {
        var low = BobManages(v, new(Rest: "\"notifications\":{\"room\":20}"));
        var high = BobManages(v, new(Rest: "\"notifications\":{\"room\":75}"));

        Assert.True(BobSets(low, new(Rest: "\"notifications\":{\"room\":100}")).IsAllowed);
        Assert.True(BobSets(high, new(Rest: "\"notifications\":{\"room\":10}")).IsAllowed);
        Assert.True(BobSets(high, new()).IsAllowed);
    }
}
