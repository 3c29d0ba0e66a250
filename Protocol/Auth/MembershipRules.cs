using System.Text.Json;
using Tangle.Protocol.Crypto;
using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Protocol.Auth;

/// <summary>Auth rule 5: m.room.member events, every membership transition.</summary>
internal static class MembershipRules
{
    public static AuthResult Check(Pdu pdu, IAuthState state, Pdu create, PowerLevels powerLevels)
    {
        var version = pdu.RoomVersion;
        if (pdu.StateKey is null || !pdu.Content.TryGetProperty("membership", out _))
            return AuthResult.Reject(AuthRule.MemberMissingStateKeyOrMembership, "a member event needs a state_key and content.membership");
        var target = UserId.Parse(pdu.StateKey);
        if (!target.IsOk)
            return AuthResult.Reject(AuthRule.MemberInvalidTarget, $"state key {pdu.StateKey} is not a user id");

        if (version.SupportsRestrictedJoins && pdu.Content.TryGetProperty("join_authorised_via_users_server", out var via))
        {
            var authoriser = UserId.Parse(via.ValueKind == JsonValueKind.String ? via.GetString() : null);
            // Signatures are verified on receipt for every server that must sign; here the signature need only be present.
            if (!authoriser.IsOk || !pdu.HasSignatureFrom(authoriser.Value.Server.Value))
                return AuthResult.Reject(AuthRule.MemberAuthorisingServerNotSigned, "join_authorised_via_users_server's server did not sign the event");
        }

        var sender = pdu.Sender.Value;
        var targetId = target.Value.Value;
        var senderMembership = AuthRules.MembershipOf(state, sender);
        var targetMembership = AuthRules.MembershipOf(state, targetId);
        var joinRule = state.Find(EventTypes.JoinRules, string.Empty)?.ContentString("join_rule");

        return pdu.Membership switch
        {
            Membership.Join => CheckJoin(pdu, state, create, powerLevels, targetId, senderMembership, joinRule),
            Membership.Invite => CheckInvite(pdu, state, powerLevels, targetId, senderMembership, targetMembership),
            Membership.Leave => CheckLeave(pdu, powerLevels, targetId, senderMembership, targetMembership),
            Membership.Ban => CheckBan(pdu, powerLevels, targetId, senderMembership),
            Membership.Knock when version.SupportsKnocking => CheckKnock(pdu, targetId, senderMembership, joinRule),
            _ => AuthResult.Reject(AuthRule.MembershipUnknown, $"membership '{pdu.Membership ?? "(not a string)"}' is not known in room version {version.Id}"),
        };
    }

    private static AuthResult CheckJoin(Pdu pdu, IAuthState state, Pdu create, PowerLevels powerLevels, string target,
        string? senderMembership, string? joinRule)
    {
        var version = pdu.RoomVersion;
        var creator = version.CreatorInContent ? create.ContentString("creator") : create.Sender.Value;
        if (pdu.PrevEvents.Count == 1 && pdu.PrevEvents[0] == create.EventId && target == creator)
            return AuthResult.Allowed;
        if (pdu.Sender.Value != target)
            return AuthResult.Reject(AuthRule.JoinSenderMismatch, $"{pdu.Sender} cannot join on behalf of {target}");
        if (senderMembership == Membership.Ban)
            return AuthResult.Reject(AuthRule.JoinSenderBanned, $"{target} is banned");

        if (joinRule == JoinRule.Invite || (version.SupportsKnocking && joinRule == JoinRule.Knock))
        {
            return senderMembership is Membership.Invite or Membership.Join
                ? AuthResult.Allowed
                : AuthResult.Reject(AuthRule.JoinNotInvited, $"the room is {joinRule}-only and {target} is not invited");
        }

        if ((version.SupportsRestrictedJoins && joinRule == JoinRule.Restricted)
            || (version.SupportsKnockRestricted && joinRule == JoinRule.KnockRestricted))
        {
            if (senderMembership is Membership.Join or Membership.Invite)
                return AuthResult.Allowed;
            var via = pdu.ContentString("join_authorised_via_users_server");
            if (via is null || AuthRules.MembershipOf(state, via) != Membership.Join || powerLevels.UserLevel(via) < powerLevels.Invite)
                return AuthResult.Reject(AuthRule.JoinAuthoriserInvalid, "the authorising user is not a joined member who may invite");
            return AuthResult.Allowed;
        }

        return joinRule == JoinRule.Public
            ? AuthResult.Allowed
            : AuthResult.Reject(AuthRule.JoinRuleForbids, $"join rule '{joinRule ?? "(none)"}' does not allow {target} to join");
    }

    private static AuthResult CheckInvite(Pdu pdu, IAuthState state, PowerLevels powerLevels, string target,
        string? senderMembership, string? targetMembership)
    {
        if (pdu.Content.TryGetProperty("third_party_invite", out var thirdParty))
            return CheckThirdPartyInvite(pdu, state, thirdParty, target, targetMembership);

        if (senderMembership != Membership.Join)
            return AuthResult.Reject(AuthRule.InviteSenderNotJoined, $"{pdu.Sender} is not joined and cannot invite");
        if (targetMembership is Membership.Join or Membership.Ban)
            return AuthResult.Reject(AuthRule.InviteTargetJoinedOrBanned, $"{target} is already {targetMembership}");
        var level = powerLevels.UserLevel(pdu.Sender.Value);
        return level >= powerLevels.Invite
            ? AuthResult.Allowed
            : AuthResult.Reject(AuthRule.InviteInsufficientPower, $"power {level} is below the invite level {powerLevels.Invite}");
    }

    private static AuthResult CheckThirdPartyInvite(Pdu pdu, IAuthState state, JsonElement thirdParty, string target, string? targetMembership)
    {
        if (targetMembership == Membership.Ban)
            return AuthResult.Reject(AuthRule.ThirdPartyInviteTargetBanned, $"{target} is banned");
        if (thirdParty.ValueKind != JsonValueKind.Object || !thirdParty.TryGetProperty("signed", out var signed) || signed.ValueKind != JsonValueKind.Object)
            return AuthResult.Reject(AuthRule.ThirdPartyInviteMalformed, "third_party_invite has no signed object");
        if (!signed.TryGetProperty("mxid", out var mxid) || mxid.ValueKind != JsonValueKind.String
            || !signed.TryGetProperty("token", out var token) || token.ValueKind != JsonValueKind.String)
            return AuthResult.Reject(AuthRule.ThirdPartyInviteMalformed, "signed needs mxid and token");
        if (mxid.GetString() != target)
            return AuthResult.Reject(AuthRule.ThirdPartyInviteMalformed, $"signed.mxid {mxid.GetString()} is not the state key {target}");

        var inviteEvent = state.Find(EventTypes.ThirdPartyInvite, token.GetString()!);
        if (inviteEvent is null)
            return AuthResult.Reject(AuthRule.ThirdPartyInviteNoMatchingEvent, $"no m.room.third_party_invite for token {token.GetString()}");
        if (inviteEvent.Sender != pdu.Sender)
            return AuthResult.Reject(AuthRule.ThirdPartyInviteSenderMismatch, "the invite's sender did not send the m.room.third_party_invite");

        return SignedMatchesAPublicKey(signed, inviteEvent.Content)
            ? AuthResult.Allowed
            : AuthResult.Reject(AuthRule.ThirdPartyInviteBadSignature, "no signature in signed matches a public key of the invite");
    }

    /// <summary>Whether any signature in <paramref name="signed"/> verifies under any public key of the invite.</summary>
    private static bool SignedMatchesAPublicKey(JsonElement signed, JsonElement inviteContent)
    {
        var keys = new List<byte[]>();
        if (inviteContent.TryGetProperty("public_key", out var single) && single.ValueKind == JsonValueKind.String
            && UnpaddedBase64.TryDecodeAny(single.GetString(), out var singleKey))
            keys.Add(singleKey);
        if (inviteContent.TryGetProperty("public_keys", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var entry in list.EnumerateArray())
            {
                if (entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("public_key", out var k)
                    && k.ValueKind == JsonValueKind.String && UnpaddedBase64.TryDecodeAny(k.GetString(), out var key))
                    keys.Add(key);
            }
        }

        if (keys.Count == 0 || !signed.TryGetProperty("signatures", out var signatures) || signatures.ValueKind != JsonValueKind.Object)
            return false;

        byte[] bytes;
        try
        {
            bytes = JsonSignatures.SigningBytes(signed);
        }
        catch (Json.CanonicalJsonException)
        {
            return false;
        }

        foreach (var server in signatures.EnumerateObject())
        {
            if (server.Value.ValueKind != JsonValueKind.Object)
                continue;
            foreach (var signature in server.Value.EnumerateObject())
            {
                if (signature.Value.ValueKind != JsonValueKind.String || !UnpaddedBase64.TryDecode(signature.Value.GetString(), out var sig))
                    continue;
                foreach (var key in keys)
                {
                    if (new VerifyKey(signature.Name, key).Verify(bytes, sig))
                        return true;
                }
            }
        }

        return false;
    }

    private static AuthResult CheckLeave(Pdu pdu, PowerLevels powerLevels, string target, string? senderMembership, string? targetMembership)
    {
        var version = pdu.RoomVersion;
        if (pdu.Sender.Value == target)
        {
            var mayLeave = senderMembership is Membership.Invite or Membership.Join
                || (version.SupportsKnocking && senderMembership == Membership.Knock);
            return mayLeave
                ? AuthResult.Allowed
                : AuthResult.Reject(AuthRule.LeaveNotMember, $"{target} cannot leave from membership '{senderMembership ?? "(none)"}'");
        }

        if (senderMembership != Membership.Join)
            return AuthResult.Reject(AuthRule.KickSenderNotJoined, $"{pdu.Sender} is not joined");
        var senderLevel = powerLevels.UserLevel(pdu.Sender.Value);
        if (targetMembership == Membership.Ban && senderLevel < powerLevels.Ban)
            return AuthResult.Reject(AuthRule.UnbanInsufficientPower, $"unbanning needs power {powerLevels.Ban}; sender has {senderLevel}");
        var targetLevel = powerLevels.UserLevel(target);
        return senderLevel >= powerLevels.Kick && targetLevel < senderLevel
            ? AuthResult.Allowed
            : AuthResult.Reject(AuthRule.KickInsufficientPower, $"kicking needs power {powerLevels.Kick} and more than the target's {targetLevel}; sender has {senderLevel}");
    }

    private static AuthResult CheckBan(Pdu pdu, PowerLevels powerLevels, string target, string? senderMembership)
    {
        if (senderMembership != Membership.Join)
            return AuthResult.Reject(AuthRule.BanSenderNotJoined, $"{pdu.Sender} is not joined");
        var senderLevel = powerLevels.UserLevel(pdu.Sender.Value);
        var targetLevel = powerLevels.UserLevel(target);
        return senderLevel >= powerLevels.Ban && targetLevel < senderLevel
            ? AuthResult.Allowed
            : AuthResult.Reject(AuthRule.BanInsufficientPower, $"banning needs power {powerLevels.Ban} and more than the target's {targetLevel}; sender has {senderLevel}");
    }

    private static AuthResult CheckKnock(Pdu pdu, string target, string? senderMembership, string? joinRule)
    {
        var version = pdu.RoomVersion;
        if (joinRule != JoinRule.Knock && !(version.SupportsKnockRestricted && joinRule == JoinRule.KnockRestricted))
            return AuthResult.Reject(AuthRule.KnockJoinRuleForbids, $"join rule '{joinRule ?? "(none)"}' does not allow knocking");
        if (pdu.Sender.Value != target)
            return AuthResult.Reject(AuthRule.KnockSenderMismatch, $"{pdu.Sender} cannot knock on behalf of {target}");
        return senderMembership is not (Membership.Ban or Membership.Invite or Membership.Join)
            ? AuthResult.Allowed
            : AuthResult.Reject(AuthRule.KnockAlreadyMember, $"{target} is already {senderMembership}");
    }
}
