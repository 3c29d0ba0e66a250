using Orleans.Concurrency;
using Tangle.Grains.Storage;
using Tangle.Protocol.Identifiers;

namespace Tangle.Grains.Rooms;

/// <summary>Looks an event up in the event store to name its room.</summary>
[StatelessWorker]
public sealed class EventLocatorGrain(IRoomStore store) : Grain, IEventLocatorGrain
{
    public async Task<RoomId?> RoomOfEventAsync(ServerName server, EventId eventId) =>
        (await store.GetEventAsync(server, eventId))?.Pdu.RoomId;
}
