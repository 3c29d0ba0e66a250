using System.Text.Json;
using Tangle.Protocol.Events;
using Tangle.Protocol.Rooms;

namespace Tangle.Protocol.Auth;

/// <summary>
/// The auth events selection of the server-server specification: which state an event must cite in
/// auth_events, and (auth rule 3.2) the only state it may cite.
/// </summary>
public static class AuthEventSelection
{
    /// <summary>The state keys whose current events belong in the auth_events of a new event.</summary>
    public static IReadOnlyList<StateMapKey> KeysFor(RoomVersion version, string type, string? stateKey, string sender, JsonElement content)
    {
        if (type == EventTypes.Create)
            return [];
        var keys = new List<StateMapKey>(5);
        if (version.CreateEventIsAuthEvent)
            keys.Add(new StateMapKey(EventTypes.Create, string.Empty));
        keys.Add(new StateMapKey(EventTypes.PowerLevels, string.Empty));
        keys.Add(new StateMapKey(EventTypes.Member, sender));
        if (type != EventTypes.Member || stateKey is null)
            return keys;

        if (stateKey != sender)
            keys.Add(new StateMapKey(EventTypes.Member, stateKey));
        var membership = content.ValueKind == JsonValueKind.Object && content.TryGetProperty("membership", out var m)
            && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        if (membership is Membership.Join or Membership.Invite or Membership.Knock)
            keys.Add(new StateMapKey(EventTypes.JoinRules, string.Empty));
        if (membership == Membership.Invite && ThirdPartyInviteToken(content) is { } token)
            keys.Add(new StateMapKey(EventTypes.ThirdPartyInvite, token));
        if (membership == Membership.Join && version.SupportsRestrictedJoins
            && content.TryGetProperty("join_authorised_via_users_server", out var via) && via.ValueKind == JsonValueKind.String)
        {
            var key = new StateMapKey(EventTypes.Member, via.GetString()!);
            if (!keys.Contains(key))
                keys.Add(key);
        }

        return keys;
    }

    /// <summary>The selection for an existing event.</summary>
    public static IReadOnlyList<StateMapKey> KeysFor(Pdu pdu) =>
        KeysFor(pdu.RoomVersion, pdu.Type, pdu.StateKey, pdu.Sender.Value, pdu.Content);

    /// <summary>content.third_party_invite.signed.token, when present as a string.</summary>
    internal static string? ThirdPartyInviteToken(JsonElement content) =>
        content.ValueKind == JsonValueKind.Object
        && content.TryGetProperty("third_party_invite", out var invite) && invite.ValueKind == JsonValueKind.Object
        && invite.TryGetProperty("signed", out var signed) && signed.ValueKind == JsonValueKind.Object
        && signed.TryGetProperty("token", out var token) && token.ValueKind == JsonValueKind.String
            ? token.GetString()
            : null;
}
