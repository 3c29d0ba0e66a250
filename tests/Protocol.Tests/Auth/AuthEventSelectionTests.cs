using Tangle.Protocol.Auth;
using Tangle.Protocol.Events;
using Tangle.Protocol.Rooms;
using Tangle.Protocol.Tests.Fixtures;
using static Tangle.Protocol.Tests.Fixtures.TestRoom;

namespace Tangle.Protocol.Tests.Auth;

/// <summary>The auth events selection of the server-server specification, which rule 3.2 enforces.</summary>
public sealed class AuthEventSelectionTests
{
    private static readonly StateMapKey CreateKey = new(EventTypes.Create, "");
    private static readonly StateMapKey PowerLevelsKey = new(EventTypes.PowerLevels, "");
    private static readonly StateMapKey JoinRulesKey = new(EventTypes.JoinRules, "");

    [Theory]
    [Versions]
    public void A_create_event_selects_nothing(string v)
    {
        Assert.Empty(Keys(v, EventTypes.Create, "", Alice, "{}"));
    }

    [Theory]
    [Versions(1, 11)]
    public void A_message_selects_the_create_event_power_levels_and_senders_membership_before_version_12(string v)
    {
        Assert.Equal([CreateKey, PowerLevelsKey, MemberKey(Bob)], Keys(v, "m.room.message", null, Bob, "{}"));
    }

    [Theory]
    [Versions(12)]
    public void A_message_selects_the_power_levels_and_senders_membership_in_version_12(string v)
    {
        Assert.Equal([PowerLevelsKey, MemberKey(Bob)], Keys(v, "m.room.message", null, Bob, "{}"));
    }

    [Theory]
    [Versions]
    public void A_join_also_selects_the_join_rules(string v)
    {
        Assert.Equal(With(v, MemberKey(Bob), JoinRulesKey), Keys(v, EventTypes.Member, Bob, Bob, """{"membership":"join"}"""));
    }

    [Theory]
    [Versions]
    public void An_invite_also_selects_the_targets_membership_and_the_join_rules(string v)
    {
        Assert.Equal(With(v, MemberKey(Alice), MemberKey(Bob), JoinRulesKey), Keys(v, EventTypes.Member, Bob, Alice, """{"membership":"invite"}"""));
    }

    [Theory]
    [Versions]
    public void A_knock_also_selects_the_join_rules(string v)
    {
        Assert.Equal(With(v, MemberKey(Bob), JoinRulesKey), Keys(v, EventTypes.Member, Bob, Bob, """{"membership":"knock"}"""));
    }

    [Theory]
    [Versions(Cases = [Membership.Leave, Membership.Ban])]
    public void A_leave_or_ban_selects_the_targets_membership_but_not_the_join_rules(string v, string membership)
    {
        Assert.Equal(With(v, MemberKey(Alice), MemberKey(Bob)), Keys(v, EventTypes.Member, Bob, Alice, $$"""{"membership":"{{membership}}"}"""));
    }

    [Theory]
    [Versions]
    public void A_third_party_invite_also_selects_the_invite_event_for_its_token(string v)
    {
        const string content = """{"membership":"invite","third_party_invite":{"signed":{"mxid":"@bob:example.com","token":"abc"}}}""";

        Assert.Equal(
            With(v, MemberKey(Alice), MemberKey(Bob), JoinRulesKey, new StateMapKey(EventTypes.ThirdPartyInvite, "abc")),
            Keys(v, EventTypes.Member, Bob, Alice, content));
    }

    [Theory]
    [Versions(8)]
    public void A_restricted_join_also_selects_the_authorising_users_membership_from_version_8(string v)
    {
        const string content = """{"membership":"join","join_authorised_via_users_server":"@alice:example.com"}""";

        Assert.Equal(With(v, MemberKey(Bob), JoinRulesKey, MemberKey(Alice)), Keys(v, EventTypes.Member, Bob, Bob, content));
    }

    [Theory]
    [Versions(1, 7)]
    public void An_authorising_user_selects_nothing_before_version_8(string v)
    {
        const string content = """{"membership":"join","join_authorised_via_users_server":"@alice:example.com"}""";

        Assert.Equal(With(v, MemberKey(Bob), JoinRulesKey), Keys(v, EventTypes.Member, Bob, Bob, content));
    }

    private static StateMapKey MemberKey(string user) => new(EventTypes.Member, user);

    /// <summary>What every event selects in <paramref name="v"/>, followed by <paramref name="more"/>.</summary>
    private static List<StateMapKey> With(string v, params StateMapKey[] more)
    {
        List<StateMapKey> keys = VersionOf(v).CreateEventIsAuthEvent ? [CreateKey, PowerLevelsKey] : [PowerLevelsKey];
        foreach (var key in more)
        {
            if (!keys.Contains(key))
                keys.Add(key);
        }

        return keys;
    }

    private static List<StateMapKey> Keys(string v, string type, string? stateKey, string sender, string content) =>
        [.. AuthEventSelection.KeysFor(VersionOf(v), type, stateKey, sender, TestEvents.Json(content))];
}
