using System.Text.Json;
using Tangle.Protocol.Identifiers;

namespace Tangle.Grains.Sync;

/// <summary>What changed in a room for a user.</summary>
[Flags]
public enum RoomChange
{
    None = 0,
    Timeline = 1,
    Membership = 2,
    Typing = 4,
    Receipts = 8,
    AccountData = 16,
}

/// <summary>A room tells a local member's inbox that it moved on.</summary>
/// <param name="Room">The room.</param>
/// <param name="Position">The room's stream position after the change.</param>
/// <param name="Membership">The user's membership in the room after the change.</param>
/// <param name="Change">What changed.</param>
/// <param name="ReceiptSerial">The room's receipt serial after the change.</param>
[GenerateSerializer, Immutable]
public sealed record RoomNotification(
    [property: Id(0)] RoomId Room,
    [property: Id(1)] long Position,
    [property: Id(2)] string? Membership,
    [property: Id(3)] RoomChange Change,
    [property: Id(4)] long ReceiptSerial = 0);

/// <summary>A message sent to one device (or every device, "*") of a user.</summary>
[GenerateSerializer, Immutable]
public sealed record ToDeviceMessage(
    [property: Id(0)] string Sender,
    [property: Id(1)] string Type,
    [property: Id(2)] JsonElement Content);

/// <summary>A room and the user's membership of it, as the inbox knows them.</summary>
[GenerateSerializer, Immutable]
public sealed record RoomMembership([property: Id(0)] RoomId Room, [property: Id(1)] string Membership, [property: Id(2)] long Position);
