using Tangle.Protocol.Auth;
using Tangle.Protocol.Rooms;
using Tangle.Protocol.Tests.Fixtures;
using static Tangle.Protocol.Tests.Fixtures.TestRoom;

namespace Tangle.Protocol.Tests.Auth;

/// <summary>
/// Room creators in v12: the create event's sender and additional_creators have infinitely high power
/// and cannot appear in users (rule 10.4). Before v12 the creator is an ordinary user once power
/// levels exist.
/// </summary>
public sealed class CreatorsRulesTests
{
    private static readonly string BobAsCreator = $"\"additional_creators\":[\"{Bob}\"]";

    [Theory]
    [Versions(12)]
    public void Listing_the_creator_in_users_is_rejected_in_version_12(string v)
    {
        var room = Create(v);

        var levels = room.Send(Alice, EventTypes.PowerLevels, "", $$$"""{"users":{"{{{Alice}}}":100}}""");

        Assert.Equal(AuthRule.PowerLevelsNamesCreator, room.Check(levels).RejectedBy);
    }

    [Theory]
    [Versions(12)]
    public void Listing_an_additional_creator_in_users_is_rejected_in_version_12(string v)
    {
        var room = Create(v, createContent: TestEvents.CreateContent(VersionOf(v), Alice, BobAsCreator));

        var levels = room.Send(Alice, EventTypes.PowerLevels, "", $$$"""{"users":{"{{{Bob}}}":50}}""");

        Assert.Equal(AuthRule.PowerLevelsNamesCreator, room.Check(levels).RejectedBy);
    }

    [Theory]
    [Versions(12)]
    public void Even_the_first_power_levels_event_cannot_list_a_creator_in_version_12(string v)
    {
        var room = Bare(v);

        var levels = room.Send(Alice, EventTypes.PowerLevels, "", $$$"""{"users":{"{{{Alice}}}":100}}""");

        Assert.Equal(AuthRule.PowerLevelsNamesCreator, room.Check(levels).RejectedBy);
    }

    [Theory]
    [Versions(1, 11)]
    public void The_creator_may_be_listed_in_users_before_version_12(string v)
    {
        var room = Create(v, createContent: TestEvents.CreateContent(VersionOf(v), Alice, BobAsCreator));

        var levels = room.Send(Alice, EventTypes.PowerLevels, "", $$$"""{"users":{"{{{Alice}}}":100,"{{{Bob}}}":50}}""");

        Assert.True(room.Check(levels).IsAllowed);
    }

    [Theory]
    [Versions(12)]
    public void A_creator_may_grant_any_level_in_version_12(string v)
    {
        var room = Create(v);

        var levels = room.Send(Alice, EventTypes.PowerLevels, "", $$"""{"users":{"{{Bob}}":1000000},"ban":1000000}""");

        Assert.True(room.Check(levels).IsAllowed);
    }

    [Theory]
    [Versions(1, 11)]
    public void The_creator_may_grant_no_more_than_their_level_before_version_12(string v)
    {
        var room = Create(v);

        var levels = room.Send(Alice, EventTypes.PowerLevels, "", $$$"""{"users":{"{{{Alice}}}":100,"{{{Bob}}}":101}}""");

        Assert.Equal(AuthRule.PowerLevelsUserAboveSender, room.Check(levels).RejectedBy);
    }

    [Theory]
    [Versions(12)]
    public void An_additional_creator_has_unlimited_power_in_version_12(string v)
    {
        var room = Create(v, users: new Dictionary<string, long> { [Charlie] = 100 }, createContent: TestEvents.CreateContent(VersionOf(v), Alice, BobAsCreator));
        room.Join(Bob);
        room.Join(Charlie);

        Assert.True(room.Check(room.Member(Bob, Charlie, Membership.Ban)).IsAllowed);
    }

    [Theory]
    [Versions(1, 11)]
    public void Additional_creators_have_no_power_before_version_12(string v)
    {
        var room = Create(v, createContent: TestEvents.CreateContent(VersionOf(v), Alice, BobAsCreator));
        room.Join(Bob);
        room.Join(Charlie);

        Assert.Equal(AuthRule.BanInsufficientPower, room.Check(room.Member(Bob, Charlie, Membership.Ban)).RejectedBy);
    }

    [Theory]
    [Versions(12)]
    public void Nobody_outranks_a_creator_in_version_12(string v)
    {
        var room = Create(v, users: new Dictionary<string, long> { [Charlie] = 1000000 }, createContent: TestEvents.CreateContent(VersionOf(v), Alice, BobAsCreator));
        room.Join(Bob);
        room.Join(Charlie);

        Assert.Equal(AuthRule.KickInsufficientPower, room.Check(room.Member(Charlie, Alice, Membership.Leave)).RejectedBy);
        Assert.Equal(AuthRule.BanInsufficientPower, room.Check(room.Member(Charlie, Bob, Membership.Ban)).RejectedBy);
        Assert.Equal(AuthRule.BanInsufficientPower, room.Check(room.Member(Alice, Bob, Membership.Ban)).RejectedBy);
    }

    [Theory]
    [Versions(1, 11)]
    public void A_creator_who_lowered_their_own_level_may_be_banned_before_version_12(string v)
    {
        var room = Create(v);
        room.Join(Bob);
        room.Do(Alice, EventTypes.PowerLevels, "", $$$"""{"users":{"{{{Alice}}}":10,"{{{Bob}}}":100}}""");

        Assert.True(room.Check(room.Member(Bob, Alice, Membership.Ban)).IsAllowed);
    }

    [Theory]
    [Versions(12)]
    public void Creators_have_unlimited_power_without_power_levels_in_version_12(string v)
    {
        var room = Bare(v, JoinRule.Public, TestEvents.CreateContent(VersionOf(v), Alice, BobAsCreator));
        room.Join(Bob);
        room.Join(Charlie);

        Assert.True(room.Check(room.Member(Bob, Charlie, Membership.Ban)).IsAllowed);
    }

    [Theory]
    [Versions(1, 11)]
    public void Only_the_creator_has_power_without_power_levels_before_version_12(string v)
    {
        var room = Bare(v, JoinRule.Public, TestEvents.CreateContent(VersionOf(v), Alice, BobAsCreator));
        room.Join(Bob);
        room.Join(Charlie);

        Assert.Equal(AuthRule.BanInsufficientPower, room.Check(room.Member(Bob, Charlie, Membership.Ban)).RejectedBy);
        Assert.True(room.Check(room.Member(Alice, Charlie, Membership.Ban)).IsAllowed);
    }
}
