namespace Tangle.Grains.Rooms;

/// <summary>
/// Creates rooms for a homeserver (key: server name). A room's id can depend on its create event
/// (room version 12), so the create event is built here and handed to the room grain it names.
/// </summary>
public interface IRoomFactoryGrain : IGrainWithStringKey
{
    /// <summary>Builds and signs the create event, then initialises the room grain it names.</summary>
    Task<CreateRoomResult> CreateRoomAsync(CreateRoomCommand command);
}
