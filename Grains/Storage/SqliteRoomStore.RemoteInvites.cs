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
            if (connection.Scalar("SELECT 1 FROM events WHERE server=$s AND event_id=$e", transaction,
                    ("$s", server.Value), ("$e", invite.EventId.Value)) is null)
            {
                var position = 1 + Convert.ToInt64(connection.Scalar(
                    "SELECT COALESCE(MAX(stream_position), 0) FROM events WHERE server=$s AND room_id=$r", transaction,
                    ("$s", server.Value), ("$r", invite.RoomId.Value)), System.Globalization.CultureInfo.InvariantCulture);
                connection.Execute(
                    """
                    INSERT INTO events (server, room_id, stream_position, event_id, room_version, type, state_key, sender, origin_server_ts,
                        depth, state_group_before, state_group_after, status, txn_device, txn_id, txn_scope, relates_to, rel_type, json)
                    VALUES ($s, $r, $p, $e, $v, $t, $k, $sender, $ts, $d, NULL, NULL, $status, NULL, NULL, '', NULL, NULL, $json)
                    """, transaction,
                    ("$s", server.Value), ("$r", invite.RoomId.Value), ("$p", position), ("$e", invite.EventId.Value), ("$v", invite.RoomVersion.Id),
                    ("$t", invite.Type), ("$k", invite.StateKey), ("$sender", invite.Sender.Value), ("$ts", invite.OriginServerTs),
                    ("$d", invite.Depth), ("$status", (int)EventStatus.Outlier), ("$json", invite.ToCanonicalBytes()));
            }

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
