using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Grains.Storage;

/// <summary>Invites of local users to rooms this server is not in.</summary>
public sealed partial class SqliteRoomStore
{
    public Task PutRemoteInviteAsync(ServerName server, Pdu invite, byte[] strippedState) =>
        database.WriteAsync((connection, transaction) =>
        {
            InsertOutsideTimeline(connection, transaction, server, invite, EventStatus.Outlier);
            connection.Execute(
                """
                INSERT INTO remote_invites (server, room_id, user_id, event_id, stripped_state) VALUES ($s, $r, $u, $e, $state)
                ON CONFLICT (server, room_id, user_id) DO UPDATE SET event_id=$e, stripped_state=$state
                """, transaction,
                ("$s", server.Value), ("$r", invite.RoomId.Value), ("$u", invite.StateKey), ("$e", invite.EventId.Value), ("$state", strippedState));
        });

    public Task<IReadOnlyList<(Pdu Invite, byte[] StrippedState)>> GetRemoteInvitesAsync(ServerName server, RoomId room) =>
        Task.FromResult<IReadOnlyList<(Pdu, byte[])>>(database.Read(connection =>
        {
            using var command = connection.Command(
                """
                SELECT e.json, e.room_version, e.event_id, i.stripped_state FROM remote_invites i
                JOIN events e ON e.server = i.server AND e.event_id = i.event_id
                WHERE i.server=$s AND i.room_id=$r
                """, null, ("$s", server.Value), ("$r", room.Value));
            using var reader = command.ExecuteReader();
            var invites = new List<(Pdu, byte[])>();
            while (reader.Read())
            {
                var version = RoomVersions.Get(reader.GetString(1)).Value;
                var pdu = Pdu.FromStore((byte[])reader[0], version, EventId.From(reader.GetString(2))).Value;
                invites.Add((pdu, (byte[])reader[3]));
            }

            return invites;
        }));

    public Task DeleteRemoteInviteAsync(ServerName server, RoomId room, UserId user) =>
        database.WriteAsync((connection, transaction) => connection.Execute(
            "DELETE FROM remote_invites WHERE server=$s AND room_id=$r AND user_id=$u", transaction,
            ("$s", server.Value), ("$r", room.Value), ("$u", user.Value)));
}
