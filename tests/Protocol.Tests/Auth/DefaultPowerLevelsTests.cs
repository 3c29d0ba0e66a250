using Tangle.Protocol.Auth;
using Tangle.Protocol.Events;
using Tangle.Protocol.Rooms;
using Tangle.Protocol.Tests.Fixtures;
using static Tangle.Protocol.Tests.Fixtures.TestRoom;

namespace Tangle.Protocol.Tests.Auth;

/// <summary>
/// Power levels inferred from defaults: the definitions of the server-server specification (invite 0;
/// kick, ban and redact 50) and m.room.power_levels (state_default 50, events_default and users_default
/// 0; without the event, the creator 100, everyone else 0 and state_default 0).
/// </summary>
public sealed class DefaultPowerLevelsTests
{
    [Theory]
    [Versions]
    public void The_invite_level_defaults_to_0(string v)
    {
        var room = Create(v, JoinRule.Invite);
        room.Invite(Alice, Bob);
        room.Join(Bob);

        Assert.True(room.Check(room.Member(Bob, Charlie, Membership.Invite)).IsAllowed);
    }

    [Theory]
    [Versions(Cases = [Membership.Leave, Membership.Ban])]
    public void The_kick_and_ban_levels_default_to_50(string v, string membership)
    {
        var room = Create(v, users: new Dictionary<string, long> { [Bob] = 49, [Charlie] = 50 });
        room.Join(Bob);
        room.Join(Charlie);
        room.Join(Eve);

        var byBob = room.Check(room.Member(Bob, Eve, membership));
        var byCharlie = room.Check(room.Member(Charlie, Eve, membership));

        Assert.Equal(membership == Membership.Ban ? AuthRule.BanInsufficientPower : AuthRule.KickInsufficientPower, byBob.RejectedBy);
        Assert.True(byCharlie.IsAllowed);
    }

    [Theory]
    [Versions(1, 2)]
    public void The_redact_level_defaults_to_50(string v)
    {
        var room = Create(v, users: new Dictionary<string, long> { [Bob] = 49, [Eve] = 50 });
        room.Join(Bob);
        room.Join(Eve);
        var message = room.Accept(room.Send(Bob, "m.room.message", null, """{"body":"hi"}"""));
        var evesMessage = room.Accept(room.Send(Eve, "m.room.message", null, """{"body":"hi"}"""));

        Assert.Equal(AuthRule.RedactionInsufficientPower, room.Check(room.Redaction(Bob, evesMessage)).RejectedBy);
        Assert.True(room.Check(room.Redaction(Eve, message)).IsAllowed);
    }

    [Theory]
    [Versions]
    public void State_needs_50_and_messages_0_when_the_power_levels_say_nothing(string v)
    {
        var room = Create(v, users: new Dictionary<string, long> { [Charlie] = 50 });
        room.Join(Bob);
        room.Join(Charlie);

        Assert.True(room.Check(room.Send(Bob, "m.room.message", null, "{}")).IsAllowed);
        Assert.Equal(AuthRule.EventInsufficientPower, room.Check(room.Send(Bob, "m.room.topic", "", """{"topic":"t"}""")).RejectedBy);
        Assert.True(room.Check(room.Send(Charlie, "m.room.topic", "", """{"topic":"t"}""")).IsAllowed);
    }

    [Theory]
    [Versions]
    public void Unlisted_users_have_users_default(string v)
    {
        var room = Create(v, powerLevelsExtra: "\"users_default\":50");
        room.Join(Bob);
        room.Join(Charlie);

        Assert.True(room.Check(room.Send(Bob, "m.room.topic", "", """{"topic":"t"}""")).IsAllowed);
        Assert.Equal(AuthRule.KickInsufficientPower, room.Check(room.Member(Bob, Charlie, Membership.Leave)).RejectedBy);
    }

    [Theory]
    [Versions]
    public void Without_power_levels_any_member_may_send_state(string v)
    {
        var room = Bare(v, JoinRule.Public);
        room.Join(Bob);

        Assert.True(room.Check(room.Send(Bob, "m.room.topic", "", """{"topic":"t"}""")).IsAllowed);
        Assert.True(room.Check(room.Send(Bob, "m.room.message", null, "{}")).IsAllowed);
    }

    [Theory]
    [Versions]
    public void Without_power_levels_only_the_creator_may_kick(string v)
    {
        var room = Bare(v, JoinRule.Public);
        room.Join(Bob);
        room.Join(Charlie);

        Assert.Equal(AuthRule.KickInsufficientPower, room.Check(room.Member(Bob, Charlie, Membership.Leave)).RejectedBy);
        Assert.True(room.Check(room.Member(Alice, Charlie, Membership.Leave)).IsAllowed);
    }

    [Theory]
    [Versions(1, 10)]
    public void Without_power_levels_the_creator_named_in_content_has_the_power_before_version_11(string v)
    {
        var (state, events) = RoomCreatedByAliceNamingBob(v, bobJoinsFirst: true);

        Assert.True(AuthRules.Check(events.Member(Bob, Alice, Membership.Ban, []), state).IsAllowed);
        Assert.Equal(AuthRule.BanInsufficientPower, AuthRules.Check(events.Member(Alice, Bob, Membership.Ban, []), state).RejectedBy);
    }

    [Theory]
    [Versions(11)]
    public void Without_power_levels_the_create_events_sender_has_the_power_from_version_11(string v)
    {
        var (state, events) = RoomCreatedByAliceNamingBob(v, bobJoinsFirst: false);

        Assert.True(AuthRules.Check(events.Member(Alice, Bob, Membership.Ban, []), state).IsAllowed);
        Assert.Equal(AuthRule.BanInsufficientPower, AuthRules.Check(events.Member(Bob, Alice, Membership.Ban, []), state).RejectedBy);
    }

    /// <summary>
    /// Alice sends the create event naming Bob in content.creator; the creator of the version joins first,
    /// sets a public join rule, and the other joins. No power levels event.
    /// </summary>
    private static (IAuthState State, TestEvents Events) RoomCreatedByAliceNamingBob(string v, bool bobJoinsFirst)
    {
        var events = new TestEvents(VersionOf(v));
        var create = events.Create(Alice, $$"""{"creator":"{{Bob}}","room_version":"{{v}}"}""");
        var (creator, other) = bobJoinsFirst ? (Bob, Alice) : (Alice, Bob);
        var state = new List<Pdu> { create };
        var first = events.Member(creator, creator, Membership.Join, [], [create]);
        Assert.True(AuthRules.Check(first, AuthState.FromEvents(state)).IsAllowed);
        state.Add(first);
        var joinRules = events.Event(creator, EventTypes.JoinRules, "", """{"join_rule":"public"}""", [], [first]);
        Assert.True(AuthRules.Check(joinRules, AuthState.FromEvents(state)).IsAllowed);
        state.Add(joinRules);
        var second = events.Member(other, other, Membership.Join, [], [joinRules]);
        Assert.True(AuthRules.Check(second, AuthState.FromEvents(state)).IsAllowed);
        state.Add(second);
        return (AuthState.FromEvents(state), events);
    }
}
