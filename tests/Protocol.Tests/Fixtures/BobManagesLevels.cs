using Tangle.Protocol.Auth;
using Tangle.Protocol.Rooms;
using static Tangle.Protocol.Tests.Fixtures.TestRoom;

namespace Tangle.Protocol.Tests.Fixtures;

/// <summary>
/// Rooms where Bob, joined at 50, may send m.room.power_levels (the events map sets it to 50), for tests
/// of what a sender may change.
/// </summary>
internal static class BobManagesLevels
{
    /// <summary>Bob, at 50 (unless <paramref name="levels"/> says otherwise) and joined, may send power levels; the room holds <paramref name="levels"/>.</summary>
    public static TestRoom BobManages(string v, Levels levels)
    {
        var room = Create(v, users: levels.AllUsers, powerLevelsExtra: levels.Extra);
        room.Join(Bob);
        return room;
    }

    public static AuthResult BobSets(TestRoom room, Levels levels) =>
        room.Check(room.Send(Bob, EventTypes.PowerLevels, "", room.PowerLevelsContent(levels.AllUsers, levels.Extra)));

    /// <summary>
    /// Power levels besides Alice's 100: Bob at 50 and <paramref name="Users"/>, the events map with
    /// m.room.power_levels at 50 and <paramref name="Events"/>, and <paramref name="Rest"/> (JSON members).
    /// </summary>
    public sealed record Levels(IReadOnlyDictionary<string, long>? Users = null, string? Events = null, string? Rest = null)
    {
        public IReadOnlyDictionary<string, long> AllUsers
        {
            get
            {
                var users = new Dictionary<string, long> { [Bob] = 50 };
                foreach (var (user, level) in Users ?? new Dictionary<string, long>())
                    users[user] = level;
                return users;
            }
        }

        public string Extra =>
            $"\"events\":{{\"m.room.power_levels\":50{(Events is null ? "" : "," + Events)}}}{(Rest is null ? "" : "," + Rest)}";
    }
}
