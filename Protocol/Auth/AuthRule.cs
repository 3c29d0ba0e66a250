namespace Tangle.Protocol.Auth;

/// <summary>
/// The authorization rule that rejected an event. Names follow the rules of the room versions
/// specification; the numbers of the rules shift between versions, the names do not.
/// </summary>
public enum AuthRule
{
    // m.room.create (rule 1)
    /// <summary>1.1: a create event has prev_events.</summary>
    CreateHasPrevEvents,
    /// <summary>1.2 (v1–11): the room id's server is not the sender's server.</summary>
    CreateRoomIdServerMismatch,
    /// <summary>1.2 (v12): a create event carries a room_id.</summary>
    CreateHasRoomId,
    /// <summary>1.3: content.room_version names a version this server does not recognise.</summary>
    CreateUnknownRoomVersion,
    /// <summary>1.4 (v1–10): content has no creator.</summary>
    CreateMissingCreator,
    /// <summary>1.4 (v12): additional_creators is not an array of valid user ids.</summary>
    CreateInvalidAdditionalCreators,

    // The room and its create event
    /// <summary>2 (v12): the room id is not the id of an accepted create event.</summary>
    RoomIdNotCreateEvent,
    /// <summary>3.4 (v1–11): no m.room.create to check against.</summary>
    NoCreateEvent,

    // The event's auth_events (rule 3)
    /// <summary>3.1: two auth events share a type and state key.</summary>
    AuthEventsDuplicate,
    /// <summary>3.2: an auth event is not one the auth events selection would pick.</summary>
    AuthEventsUnexpected,
    /// <summary>3.3: an auth event was itself rejected.</summary>
    AuthEventsRejected,
    /// <summary>3.5: an auth event belongs to another room.</summary>
    AuthEventsWrongRoom,
    /// <summary>An auth event could not be found, so the event cannot be authorised.</summary>
    AuthEventsMissing,

    /// <summary>4: the room is not federated and the sender is on another server than the creator.</summary>
    NotFederated,

    // m.room.aliases (v1–5 only)
    /// <summary>v1–5 rule 4.1: an aliases event without a state key.</summary>
    AliasesMissingStateKey,
    /// <summary>v1–5 rule 4.2: an aliases event whose state key is not the sender's server.</summary>
    AliasesServerMismatch,

    // m.room.member (rule 5)
    /// <summary>5.1: no state_key, or no membership in content.</summary>
    MemberMissingStateKeyOrMembership,
    /// <summary>The state key of a member event is not a user id.</summary>
    MemberInvalidTarget,
    /// <summary>5.2 (v8+): join_authorised_via_users_server is not a user, or its server did not sign.</summary>
    MemberAuthorisingServerNotSigned,
    /// <summary>5.3.2: a join whose sender is not its state key.</summary>
    JoinSenderMismatch,
    /// <summary>5.3.3: the joining user is banned.</summary>
    JoinSenderBanned,
    /// <summary>5.3.4: an invite (or knock) room and the user is neither invited nor joined.</summary>
    JoinNotInvited,
    /// <summary>5.3.5.2: the authorising user of a restricted join is not joined or may not invite.</summary>
    JoinAuthoriserInvalid,
    /// <summary>5.3.7: the join rule does not allow this join.</summary>
    JoinRuleForbids,
    /// <summary>5.4.1.1: a third-party invite for a banned user.</summary>
    ThirdPartyInviteTargetBanned,
    /// <summary>5.4.1.2–4: third_party_invite lacks signed, mxid or token, or mxid is not the state key.</summary>
    ThirdPartyInviteMalformed,
    /// <summary>5.4.1.5: no m.room.third_party_invite with the token as state key.</summary>
    ThirdPartyInviteNoMatchingEvent,
    /// <summary>5.4.1.6: the sender did not send the m.room.third_party_invite.</summary>
    ThirdPartyInviteSenderMismatch,
    /// <summary>5.4.1.8: no signature in signed matches a public key of the m.room.third_party_invite.</summary>
    ThirdPartyInviteBadSignature,
    /// <summary>5.4.2: the inviter is not joined.</summary>
    InviteSenderNotJoined,
    /// <summary>5.4.3: the invited user is joined or banned.</summary>
    InviteTargetJoinedOrBanned,
    /// <summary>5.4.5: the inviter's power is below the invite level.</summary>
    InviteInsufficientPower,
    /// <summary>5.5.1: a user leaving who is not invited, joined or knocking.</summary>
    LeaveNotMember,
    /// <summary>5.5.2: a kick by a sender who is not joined.</summary>
    KickSenderNotJoined,
    /// <summary>5.5.3: unbanning needs the ban level.</summary>
    UnbanInsufficientPower,
    /// <summary>5.5.5: kicking needs the kick level and more power than the target.</summary>
    KickInsufficientPower,
    /// <summary>5.6.1: a ban by a sender who is not joined.</summary>
    BanSenderNotJoined,
    /// <summary>5.6.3: banning needs the ban level and more power than the target.</summary>
    BanInsufficientPower,
    /// <summary>5.7.1: the join rule does not allow knocking.</summary>
    KnockJoinRuleForbids,
    /// <summary>5.7.2: a knock whose sender is not its state key.</summary>
    KnockSenderMismatch,
    /// <summary>5.7.4: the knocking user is banned, invited or joined.</summary>
    KnockAlreadyMember,
    /// <summary>5.8: a membership the room version does not know.</summary>
    MembershipUnknown,

    /// <summary>6: the sender is not joined.</summary>
    SenderNotJoined,
    /// <summary>7: an m.room.third_party_invite from a sender below the invite level.</summary>
    ThirdPartyInviteEventInsufficientPower,
    /// <summary>8: the sender's power is below the event type's required level.</summary>
    EventInsufficientPower,
    /// <summary>9: a state key starting with '@' that is not the sender.</summary>
    StateKeyNotSender,

    // m.room.power_levels (rule 10)
    /// <summary>10.1 (v10+): a level property is not an integer.</summary>
    PowerLevelsNotInteger,
    /// <summary>10.2 (v10+): events or notifications is not an object of integers.</summary>
    PowerLevelsInvalidMap,
    /// <summary>10.3: users is not an object of valid user ids to integers.</summary>
    PowerLevelsInvalidUsers,
    /// <summary>10.4 (v12): users names a room creator.</summary>
    PowerLevelsNamesCreator,
    /// <summary>10.6: a changed level is above the sender's power.</summary>
    PowerLevelsChangeAboveSender,
    /// <summary>10.7–10.8: a changed events or notifications entry is above the sender's power.</summary>
    PowerLevelsEventChangeAboveSender,
    /// <summary>10.9: changing a user whose power is not below the sender's.</summary>
    PowerLevelsUserNotBelowSender,
    /// <summary>10.10: granting a user more power than the sender has.</summary>
    PowerLevelsUserAboveSender,

    /// <summary>v1–2 rule 11: a redaction by a sender below the redact level, of an event from another server.</summary>
    RedactionInsufficientPower,
}
