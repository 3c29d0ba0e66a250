using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Tangle.Grains.Federation;
using Tangle.Grains.Homeserver;
using Tangle.Grains.Matrix;
using Tangle.Grains.Storage;
using Tangle.Grains.Sync;
using Tangle.Protocol;
using Tangle.Protocol.Auth;
using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;
using EventId = Tangle.Protocol.Identifiers.EventId;

namespace Tangle.Grains.Rooms;

/// <summary>
/// A homeserver's replica of a room and its single writer. Every local event is built on the
/// forward extremities, authorised against the current state, persisted, and only then
/// acknowledged and announced to the inboxes of local members.
/// </summary>
public sealed partial class RoomGrain(
    IRoomStore store,
    LocalHomeservers homeservers,
    TimeProvider time,
    ILogger<RoomGrain> logger,
    EventVerifier verifier,
    FederationClient federation,
    FederationOptions federationOptions)
    : Grain, IRoomGrain, IRoomFederationGrain
{
    private RoomReplica _replica = null!;
    private ServerName _server = null!;
    private RoomId _roomId = null!;
    private EventViews _views = null!;

    /// <summary>Local users with a membership in the room, and what it is.</summary>
    private readonly Dictionary<string, string> _localMembers = new(StringComparer.Ordinal);

    private LocalHomeserver Homeserver => homeservers[_server];

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_server, _roomId) = RoomGrainKey.Parse(this.GetPrimaryKeyString());
        _replica = await RoomReplica.LoadAsync(store, _server, _roomId);
        _views = new EventViews(store, _server);
        if (_replica.Record is not null)
        {
            foreach (var member in _replica.StateEventsOfType(EventTypes.Member))
                TrackMember(member);
        }
        else
        {
            await LoadRemoteInvitesAsync();
        }

        await base.OnActivateAsync(cancellationToken);
    }

    public Task<bool> ExistsAsync() => Task.FromResult(_replica.Record is not null);

    public async Task<CreateRoomResult> InitializeAsync(Pdu createEvent, CreateRoomCommand command)
    {
        if (_replica.Record is not null)
            throw new MatrixException(ErrCode.RoomInUse, "the room already exists");
        if (createEvent.RoomId != _roomId)
            throw new ArgumentException("the create event names another room", nameof(createEvent));
        await _replica.AppendAsync(createEvent);

        var creator = command.Creator.User;
        await CommitAsync(creator, EventTypes.Member, creator.Value, MemberContent(Membership.Join, command.CreatorDisplayName, command.CreatorAvatarUrl));
        var alias = command.RoomAliasName is null ? null : RoomAlias.From($"#{command.RoomAliasName}:{_server.Value}");
        foreach (var (type, stateKey, content) in RoomCreation.StateEvents(command, _replica.Version, alias))
            await CommitAsync(creator, type, stateKey, content);
        foreach (var invitee in command.Invite)
        {
            var extra = command.IsDirect ? new JsonObject { ["is_direct"] = true } : null;
            await CommitAsync(creator, EventTypes.Member, invitee.Value, MemberContent(Membership.Invite, null, null, extra: extra));
        }

        return new CreateRoomResult(_roomId, alias);
    }

    public async Task<EventId> SendAsync(SendEventCommand command)
    {
        RequireRoom();
        if (command.Transaction is { } txn && await store.FindTransactionAsync(_server, _roomId, command.Sender.User, txn) is { } existing)
            return existing;
        if (command.Type == EventTypes.Create)
            throw MatrixException.Forbidden("m.room.create cannot be sent into an existing room");
        if (command.Redacts is { } target)
            await CheckRedactionAllowedAsync(command.Sender.User, target);
        var stored = await CommitAsync(command.Sender.User, command.Type, command.StateKey, command.Content, command.Transaction, command.Redacts);
        return stored.Pdu.EventId;
    }

    public async Task<EventId> SetMembershipAsync(MembershipCommand command)
    {
        if (_replica.Record is null && command.Membership == Membership.Leave && command.Sender.User == command.Target
            && _remoteInvites.ContainsKey(command.Target.Value))
            return await RejectRemoteInviteAsync(command.Target, command.Reason);
        RequireRoom();
        if (command.Transaction is { } txn && await store.FindTransactionAsync(_server, _roomId, command.Sender.User, txn) is { } existing)
            return existing;
        var current = _replica.MembershipOf(command.Target.Value);
        if (command.Membership == Membership.Join && command.Sender.User != command.Target)
            throw MatrixException.Forbidden("you can only join as yourself");
        if (command.Membership == Membership.Leave && command.Sender.User == command.Target && current is null)
            throw MatrixException.Forbidden("you are not in this room");
        var extra = command.ExtraContent is { ValueKind: JsonValueKind.Object } given ? JsonObject.Create(given) : null;
        if (command.IsDirect)
            (extra ??= [])["is_direct"] = true;
        if (command.Membership == Membership.Join && current is not (Membership.Join or Membership.Invite))
        {
            if (command.Sender.IsGuest && !GuestsMayJoin)
                throw new MatrixException(ErrCode.GuestAccessForbidden, "guests may not join this room", 403);
            if (await AuthoriseRestrictedJoinAsync(command.Target) is { } authoriser)
                (extra ??= [])["join_authorised_via_users_server"] = authoriser;
        }

        var content = MemberContent(command.Membership, command.DisplayName, command.AvatarUrl, command.Reason, extra);
        if (command.Membership == Membership.Invite && !homeservers.IsLocal(command.Target.Server))
            return (await InviteRemoteAsync(command.Sender.User, command.Target, content, command.Transaction)).Pdu.EventId;
        var stored = await CommitAsync(command.Sender.User, EventTypes.Member, command.Target.Value, content, command.Transaction);
        return stored.Pdu.EventId;
    }

    public Task<string?> GetMembershipAsync(UserId user) => Task.FromResult(_replica.Record is null ? null : _replica.MembershipOf(user.Value));

    public Task<long> GetPositionAsync() => Task.FromResult(_replica.Position);

    public Task<IReadOnlyList<UserId>> GetLocalJoinedMembersAsync() => Task.FromResult<IReadOnlyList<UserId>>(
        _localMembers.Where(m => m.Value == Membership.Join).Select(m => UserId.From(m.Key)).ToList());

    /// <summary>Builds, signs, authorises and persists one local event, then tells local members.</summary>
    private Task<StoredEvent> CommitAsync(UserId sender, string type, string? stateKey, JsonElement content,
        ClientTransaction? transaction = null, EventId? redacts = null) =>
        PersistLocalAsync(BuildLocal(sender, type, stateKey, content, redacts), transaction, redacts);

    /// <summary>Builds and signs a local event on the forward extremities and checks it against the current state.</summary>
    private Pdu BuildLocal(UserId sender, string type, string? stateKey, JsonElement content, EventId? redacts = null)
    {
        var proto = _replica.Prepare(_roomId, sender, type, stateKey, content, time.GetUtcNow().ToUnixTimeMilliseconds(), redacts);
        var built = proto.HashAndSign(_server, Homeserver.SigningKey);
        if (!built.IsOk)
        {
            throw built.Error.Kind == ProtocolErrorKind.TooLarge
                ? new MatrixException(ErrCode.TooLarge, built.Error.Message, 413)
                : MatrixException.BadJson(built.Error.Message);
        }

        var pdu = built.Value;
        var auth = AuthRules.Check(pdu, _replica.AuthState);
        if (!auth.IsAllowed)
            throw MatrixException.Forbidden(auth.Reason ?? "not allowed");
        return pdu;
    }

    /// <summary>Persists a local event, then tells local members and queues it for the other servers in the room.</summary>
    private async Task<StoredEvent> PersistLocalAsync(Pdu pdu, ClientTransaction? transaction, EventId? redacts)
    {
        var before = pdu.Type == EventTypes.Member ? _replica.MembershipOf(pdu.StateKey!) : null;
        var stored = await _replica.AppendAsync(pdu, transaction, redacts);
        LogEventPersisted(pdu.EventId.Value, pdu.Type, stored.StreamPosition);
        if (pdu.Type == EventTypes.Member)
            TrackMember(pdu);
        await NoteForUserDirectoryAsync(pdu, before);
        await FanoutAsync(stored, before);
        if (pdu.Type == EventTypes.Member)
            AnnounceSharing(pdu.StateKey!, before, pdu.Membership);
        await SendToServersAsync(pdu);
        return stored;
    }

    private void TrackMember(Pdu member)
    {
        var user = member.StateKey!;
        if (!UserId.Parse(user).IsOk || !homeservers.IsLocal(UserId.From(user).Server))
            return;
        if (member.Membership is { } membership)
            _localMembers[user] = membership;
    }

    /// <summary>
    /// Tells the inbox of every local member who should hear of the event: joined members, and the
    /// target of a membership change (an invitee, or someone who left or was kicked or banned).
    /// Others hear asynchronously; the sender is told before the send is acknowledged.
    /// </summary>
    private async Task FanoutAsync(StoredEvent stored, string? membershipBefore)
    {
        var pdu = stored.Pdu;
        var target = pdu.Type == EventTypes.Member ? pdu.StateKey : null;
        Task? own = null;
        foreach (var (user, membership) in _localMembers)
        {
            var isTarget = user == target;
            if (membership != Membership.Join && !isTarget)
                continue;
            var change = RoomChange.Timeline | (isTarget && membershipBefore != pdu.Membership ? RoomChange.Membership : RoomChange.None);
            var notification = new RoomNotification(_roomId, stored.StreamPosition, membership, change, _replica.Record!.ReceiptSerial);
            if (user == pdu.Sender.Value)
                own = Inbox(user).AppendRoomAsync(notification);
            else
                Inbox(user).NotifyRoomAsync(notification).Ignore();
        }

        // The sender's own inbox is awaited, so their next sync already shows what they just did.
        if (own is not null)
            await own;
    }

    private IInboxGrain Inbox(string user) => GrainFactory.GetGrain<IInboxGrain>(user);

    private async Task CheckRedactionAllowedAsync(UserId sender, EventId target)
    {
        var original = await _replica.GetAsync(target);
        if (original is null || original.Pdu.RoomId != _roomId)
            return;
        if (original.Pdu.Sender == sender)
            return;
        var levels = _replica.PowerLevels;
        if (levels.UserLevel(sender.Value) < levels.Redact)
            throw MatrixException.Forbidden("you may only redact your own events without the redact level");
    }

    private void RequireRoom()
    {
        if (_replica.Record is null)
            throw MatrixException.NotFound("unknown room");
    }

    private static JsonElement MemberContent(string membership, string? displayName, string? avatarUrl, string? reason = null, JsonObject? extra = null)
    {
        var content = extra?.DeepClone().AsObject() ?? [];
        content["membership"] = membership;
        if (displayName is not null)
            content["displayname"] = displayName;
        if (avatarUrl is not null)
            content["avatar_url"] = avatarUrl;
        if (reason is not null)
            content["reason"] = reason;
        return JsonSerializer.SerializeToElement(content);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "persisted {EventId} ({Type}) at position {Position}")]
    private partial void LogEventPersisted(string eventId, string type, long position);
}
