using Tangle.Protocol.Identifiers;

namespace Tangle.Protocol.Events;

/// <summary>
/// A reference from one event to another in prev_events or auth_events. Rooms v1–v2 write it as
/// <c>[event_id, {"sha256": reference hash}]</c>; later versions write the id alone.
/// </summary>
public readonly record struct EventReference(EventId EventId, string? ReferenceHash = null)
{
    public static implicit operator EventReference(EventId id) => new(id);
}
