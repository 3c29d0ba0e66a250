using Tangle.Sdk;
using Tangle.Sdk.Rooms;

namespace Tangle.EndToEnd.Tests;

/// <summary>Room set-ups that many scenarios start from.</summary>
internal static class TestRooms
{
    /// <summary>A public room created by <paramref name="creator"/> that each of <paramref name="members"/> joins.</summary>
    public static async Task<string> PublicRoomAsync(this MatrixClient creator, params MatrixClient[] members)
    {
        var roomId = await creator.CreateRoomAsync(new CreateRoomRequest { Preset = RoomPreset.PublicChat });
        foreach (var member in members)
            await member.JoinRoomAsync(roomId);
        return roomId;
    }

    /// <summary>Sends <paramref name="count"/> text messages; returns their event ids, oldest first.</summary>
    public static async Task<List<string>> SendTextsAsync(this MatrixClient sender, string roomId, int count, string prefix = "message")
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
            ids.Add(await sender.SendTextAsync(roomId, $"{prefix} {i}"));
        return ids;
    }
}
