using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;

namespace Tangle.Grains.Rooms;

/// <summary>Where this replica stands, for operators and for tests that check servers converge.</summary>
public sealed partial class RoomGrain
{
    public Task<ReplicaSnapshot> GetReplicaSnapshotAsync() => Task.FromResult(_replica.Record is { } record
        ? new ReplicaSnapshot([.. record.ForwardExtremities], _replica.State.ToDictionary(), record.StreamPosition)
        : new ReplicaSnapshot([], new Dictionary<StateMapKey, EventId>(), 0));
}
