using Tangle.Protocol.Identifiers;

namespace Tangle.Grains.Rooms;

/// <summary>
/// Finds which room an event belongs to, for requests that name only the event (federation's /event). A
/// stateless worker: it reads the event store and holds nothing.
/// </summary>
public interface IEventLocatorGrain : IGrainWithIntegerKey
{
    /// <summary>The room of <paramref name="eventId"/> as <paramref name="server"/>'s replicas hold it, or null.</summary>
    Task<RoomId?> RoomOfEventAsync(ServerName server, EventId eventId);
}
