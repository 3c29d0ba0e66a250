using System.Text.Json;
using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Protocol.Auth;

/// <summary>
/// The authorization rules of room versions 1 to 12. An event is checked against its own auth events
/// (<see cref="CheckAuthEvents"/> and then <see cref="Check"/> over their state), against the state
/// before it, and against the current state; the rules are the same, only the state differs.
/// </summary>
public static class AuthRules
{
    /// <summary>
    /// Rule 3: the event's auth_events themselves. <paramref name="authEvents"/> are the events its
    /// auth_events name, as found; <paramref name="isRejected"/> tells which were rejected on receipt.
    /// </summary>
    public static AuthResult CheckAuthEvents(Pdu pdu, IReadOnlyCollection<Pdu> authEvents, Func<EventId, bool> isRejected)
    {
        if (pdu.Type == EventTypes.Create)
            return AuthResult.Allowed;
        if (authEvents.Count < pdu.AuthEvents.Count)
        {
            var missing = pdu.AuthEvents.Where(id => authEvents.All(a => a.EventId != id)).Select(id => id.Value);
            return AuthResult.Reject(AuthRule.AuthEventsMissing, $"auth events not found: {string.Join(", ", missing)}");
        }

        // The sub-rules in the specification's order, each over every auth event.
        var allowed = AuthEventSelection.KeysFor(pdu);
        var seen = new HashSet<StateMapKey>();
        foreach (var authEvent in authEvents)
        {
            if (authEvent.StateMapKey is { } key && !seen.Add(key))
                return AuthResult.Reject(AuthRule.AuthEventsDuplicate, $"two auth events for {key}");
        }

        foreach (var authEvent in authEvents)
        {
            if (authEvent.StateMapKey is not { } key || !allowed.Contains(key))
                return AuthResult.Reject(AuthRule.AuthEventsUnexpected, $"auth event {authEvent.EventId} is not one the selection picks");
        }

        foreach (var authEvent in authEvents)
        {
            if (isRejected(authEvent.EventId))
                return AuthResult.Reject(AuthRule.AuthEventsRejected, $"auth event {authEvent.EventId} was rejected");
        }

        if (pdu.RoomVersion.CreateEventIsAuthEvent && !seen.Contains(new StateMapKey(EventTypes.Create, string.Empty)))
            return AuthResult.Reject(AuthRule.NoCreateEvent, "auth_events does not include the m.room.create event");
        foreach (var authEvent in authEvents)
        {
            if (authEvent.RoomId != pdu.RoomId)
                return AuthResult.Reject(AuthRule.AuthEventsWrongRoom, $"auth event {authEvent.EventId} is in room {authEvent.RoomId}");
        }

        return AuthResult.Allowed;
    }

    /// <summary>Every rule but rule 3, against <paramref name="state"/>.</summary>
    public static AuthResult Check(Pdu pdu, IAuthState state)
    {
        var version = pdu.RoomVersion;
        if (pdu.Type == EventTypes.Create)
            return CheckCreate(pdu);

        var create = state.Find(EventTypes.Create, string.Empty);
        if (version.RoomIdIsCreateEventHash)
        {
            if (create is null || create.Type != EventTypes.Create || pdu.RoomId != create.RoomId || create.HasRoomIdField)
                return AuthResult.Reject(AuthRule.RoomIdNotCreateEvent, $"room id {pdu.RoomId} is not the id of an accepted create event");
        }
        else if (create is null)
        {
            return AuthResult.Reject(AuthRule.NoCreateEvent, "there is no m.room.create event in the state");
        }

        if (create.Content.TryGetProperty("m.federate", out var federate) && federate.ValueKind == JsonValueKind.False
            && pdu.Sender.Server != create.Sender.Server)
            return AuthResult.Reject(AuthRule.NotFederated, $"the room does not federate and {pdu.Sender} is not on {create.Sender.Server}");

        if (version.SpecialCasesAliases && pdu.Type == EventTypes.Aliases)
        {
            if (pdu.StateKey is null)
                return AuthResult.Reject(AuthRule.AliasesMissingStateKey, "m.room.aliases needs a state key");
            return pdu.StateKey == pdu.Sender.Server.Value
                ? AuthResult.Allowed
                : AuthResult.Reject(AuthRule.AliasesServerMismatch, $"m.room.aliases for {pdu.StateKey} sent from {pdu.Sender.Server}");
        }

        var powerLevelsEvent = state.Find(EventTypes.PowerLevels, string.Empty);
        var powerLevels = PowerLevels.From(powerLevelsEvent, create, version);
        if (pdu.Type == EventTypes.Member)
            return MembershipRules.Check(pdu, state, create, powerLevels);

        if (MembershipOf(state, pdu.Sender.Value) != Membership.Join)
            return AuthResult.Reject(AuthRule.SenderNotJoined, $"{pdu.Sender} is not joined to the room");

        var senderLevel = powerLevels.UserLevel(pdu.Sender.Value);
        if (pdu.Type == EventTypes.ThirdPartyInvite)
        {
            return senderLevel >= powerLevels.Invite
                ? AuthResult.Allowed
                : AuthResult.Reject(AuthRule.ThirdPartyInviteEventInsufficientPower, $"power {senderLevel} is below the invite level {powerLevels.Invite}");
        }

        var required = powerLevels.EventLevel(pdu.Type, pdu.IsState);
        if (required > senderLevel)
            return AuthResult.Reject(AuthRule.EventInsufficientPower, $"{pdu.Type} needs power {required}; {pdu.Sender} has {senderLevel}");

        if (pdu.StateKey is { } stateKey && stateKey.StartsWith('@') && stateKey != pdu.Sender.Value)
            return AuthResult.Reject(AuthRule.StateKeyNotSender, $"state key {stateKey} belongs to another user");

        if (pdu.Type == EventTypes.PowerLevels)
            return PowerLevelsRules.Check(pdu, powerLevelsEvent, powerLevels, senderLevel);

        if (version.AuthorizesRedactionsByRule && pdu.Type == EventTypes.Redaction)
        {
            if (senderLevel >= powerLevels.Redact)
                return AuthResult.Allowed;
            var target = pdu.Redacts is null ? null : EventId.Parse(pdu.Redacts) is { IsOk: true } id ? id.Value.Server : null;
            return target is not null && target == pdu.EventId.Server
                ? AuthResult.Allowed
                : AuthResult.Reject(AuthRule.RedactionInsufficientPower, $"power {senderLevel} is below the redact level {powerLevels.Redact}");
        }

        return AuthResult.Allowed;
    }

    /// <summary>Both checks an event gets against its own auth events on receipt (step 4).</summary>
    public static AuthResult CheckAgainstAuthEvents(Pdu pdu, IReadOnlyCollection<Pdu> authEvents, Func<EventId, bool> isRejected, Pdu? v12CreateEvent = null)
    {
        var listed = CheckAuthEvents(pdu, authEvents, isRejected);
        return listed.IsAllowed ? Check(pdu, AuthState.FromEvents(authEvents, v12CreateEvent)) : listed;
    }

    private static AuthResult CheckCreate(Pdu pdu)
    {
        var version = pdu.RoomVersion;
        if (pdu.PrevEvents.Count > 0)
            return AuthResult.Reject(AuthRule.CreateHasPrevEvents, "a create event cannot have prev_events");
        if (version.RoomIdIsCreateEventHash)
        {
            if (pdu.HasRoomIdField)
                return AuthResult.Reject(AuthRule.CreateHasRoomId, "a v12 create event must not carry a room_id");
        }
        else if (pdu.RoomId.Server != pdu.Sender.Server)
        {
            return AuthResult.Reject(AuthRule.CreateRoomIdServerMismatch, $"room {pdu.RoomId} is not on the sender's server {pdu.Sender.Server}");
        }

        if (pdu.Content.TryGetProperty("room_version", out var roomVersion)
            && (roomVersion.ValueKind != JsonValueKind.String || RoomVersions.Find(roomVersion.GetString()) is null))
            return AuthResult.Reject(AuthRule.CreateUnknownRoomVersion, $"room_version {roomVersion} is not a recognised version");

        if (version.CreatorInContent && !pdu.Content.TryGetProperty("creator", out _))
            return AuthResult.Reject(AuthRule.CreateMissingCreator, "content.creator is required");

        if (version.PrivilegesCreators && pdu.Content.TryGetProperty("additional_creators", out var extra))
        {
            var valid = extra.ValueKind == JsonValueKind.Array
                && extra.EnumerateArray().All(item => item.ValueKind == JsonValueKind.String && UserId.IsValid(item.GetString()));
            if (!valid)
                return AuthResult.Reject(AuthRule.CreateInvalidAdditionalCreators, "additional_creators must be an array of user ids");
        }

        return AuthResult.Allowed;
    }

    /// <summary>content.membership of a user's member event in <paramref name="state"/>, or null.</summary>
    internal static string? MembershipOf(IAuthState state, string userId) =>
        state.Find(EventTypes.Member, userId)?.Membership;
}
