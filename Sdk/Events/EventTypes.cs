namespace Tangle.Sdk.Events;

/// <summary>Event type names from the spec.</summary>
public static class EventTypes
{
    /// <summary><c>m.room.create</c></summary>
    public const string Create = "m.room.create";

    /// <summary><c>m.room.member</c></summary>
    public const string Member = "m.room.member";

    /// <summary><c>m.room.power_levels</c></summary>
    public const string PowerLevels = "m.room.power_levels";

    /// <summary><c>m.room.join_rules</c></summary>
    public const string JoinRules = "m.room.join_rules";

    /// <summary><c>m.room.history_visibility</c></summary>
    public const string HistoryVisibility = "m.room.history_visibility";

    /// <summary><c>m.room.guest_access</c></summary>
    public const string GuestAccess = "m.room.guest_access";

    /// <summary><c>m.room.name</c></summary>
    public const string Name = "m.room.name";

    /// <summary><c>m.room.topic</c></summary>
    public const string Topic = "m.room.topic";

    /// <summary><c>m.room.avatar</c></summary>
    public const string Avatar = "m.room.avatar";

    /// <summary><c>m.room.canonical_alias</c></summary>
    public const string CanonicalAlias = "m.room.canonical_alias";

    /// <summary><c>m.room.encryption</c></summary>
    public const string Encryption = "m.room.encryption";

    /// <summary><c>m.room.server_acl</c></summary>
    public const string ServerAcl = "m.room.server_acl";

    /// <summary><c>m.room.tombstone</c></summary>
    public const string Tombstone = "m.room.tombstone";

    /// <summary><c>m.room.pinned_events</c></summary>
    public const string PinnedEvents = "m.room.pinned_events";

    /// <summary><c>m.room.third_party_invite</c></summary>
    public const string ThirdPartyInvite = "m.room.third_party_invite";

    /// <summary><c>m.space.child</c></summary>
    public const string SpaceChild = "m.space.child";

    /// <summary><c>m.space.parent</c></summary>
    public const string SpaceParent = "m.space.parent";

    /// <summary><c>m.room.message</c></summary>
    public const string Message = "m.room.message";

    /// <summary><c>m.room.encrypted</c></summary>
    public const string Encrypted = "m.room.encrypted";

    /// <summary><c>m.room.redaction</c></summary>
    public const string Redaction = "m.room.redaction";

    /// <summary><c>m.reaction</c></summary>
    public const string Reaction = "m.reaction";

    /// <summary><c>m.sticker</c></summary>
    public const string Sticker = "m.sticker";

    /// <summary><c>m.typing</c> (ephemeral)</summary>
    public const string Typing = "m.typing";

    /// <summary><c>m.receipt</c> (ephemeral)</summary>
    public const string Receipt = "m.receipt";

    /// <summary><c>m.presence</c></summary>
    public const string Presence = "m.presence";

    /// <summary><c>m.fully_read</c> (room account data)</summary>
    public const string FullyRead = "m.fully_read";

    /// <summary><c>m.tag</c> (room account data)</summary>
    public const string Tag = "m.tag";

    /// <summary><c>m.direct</c> (account data)</summary>
    public const string Direct = "m.direct";

    /// <summary><c>m.push_rules</c> (account data)</summary>
    public const string PushRules = "m.push_rules";

    /// <summary><c>m.ignored_user_list</c> (account data)</summary>
    public const string IgnoredUserList = "m.ignored_user_list";

    /// <summary><c>m.room_key</c> (to-device)</summary>
    public const string RoomKey = "m.room_key";

    /// <summary><c>m.room_key_request</c> (to-device)</summary>
    public const string RoomKeyRequest = "m.room_key_request";

    /// <summary><c>m.forwarded_room_key</c> (to-device)</summary>
    public const string ForwardedRoomKey = "m.forwarded_room_key";

    /// <summary><c>m.dummy</c> (to-device)</summary>
    public const string Dummy = "m.dummy";
}
