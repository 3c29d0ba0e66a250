using Orleans.Concurrency;
using Tangle.Grains.RoomDirectory;
using Tangle.Grains.Homeserver;
using Tangle.Grains.Matrix;
using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Grains.Rooms;

/// <summary>Builds a room's create event and hands it to the room grain it names (which for v12 only it can know).</summary>
[StatelessWorker]
public sealed class RoomFactoryGrain(LocalHomeservers homeservers, TimeProvider time) : Grain, IRoomFactoryGrain
{
    public async Task<CreateRoomResult> CreateRoomAsync(CreateRoomCommand command)
    {
        var server = ServerName.From(this.GetPrimaryKeyString());
        var homeserver = homeservers[server];
        var version = RoomVersions.Find(command.RoomVersion)
            ?? throw new MatrixException(ErrCode.UnsupportedRoomVersion, $"room version {command.RoomVersion} is not supported");

        var directory = GrainFactory.GetGrain<IDirectoryGrain>(server.Value);
        RoomAlias? alias = null;
        if (command.RoomAliasName is { } name)
        {
            var parsed = RoomAlias.Parse($"#{name}:{server.Value}");
            if (!parsed.IsOk || name.Length == 0 || name.Contains(':') || name.Any(char.IsWhiteSpace))
                throw MatrixException.InvalidParam("room_alias_name is not a valid alias localpart");
            alias = parsed.Value;
            if (await directory.ResolveAliasAsync(alias) is not null)
                throw new MatrixException(ErrCode.RoomInUse, "the room alias is already taken");
        }

        var proto = new ProtoEvent
        {
            RoomVersion = version,
            RoomId = version.RoomIdIsCreateEventHash ? null : RoomId.NewOpaque(server),
            Sender = command.Creator.User,
            Type = EventTypes.Create,
            StateKey = "",
            Content = RoomCreation.CreateContent(command, version),
            Depth = 1,
            OriginServerTs = time.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        var create = proto.HashAndSign(server, homeserver.SigningKey);
        if (!create.IsOk)
            throw MatrixException.BadJson(create.Error.Message);
        var roomId = create.Value.RoomId;
        if (alias is not null)
            await directory.CreateAliasAsync(alias, roomId, command.Creator.User);
        try
        {
            var result = await GrainFactory.Room(server, roomId).InitializeAsync(create.Value, command);
            if (command.Visibility == "public")
                await directory.SetVisibilityAsync(roomId, true);
            return result;
        }
        catch when (alias is not null)
        {
            await directory.DeleteAliasAsync(alias, command.Creator.User, isAdmin: true);
            throw;
        }
    }
}
