using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;

namespace Tangle.Protocol.StateResolution;

/// <summary>What a resolution produced and how much work it took, for telemetry.</summary>
/// <param name="State">The resolved state map.</param>
/// <param name="ConflictedEvents">Events in the conflicted state set.</param>
/// <param name="FullConflictedEvents">Events in the full conflicted set (with the auth difference, and for v2.1 the subgraph).</param>
/// <param name="PowerEventsReplayed">Events replayed in the power phase (step 2).</param>
/// <param name="OtherEventsReplayed">Events replayed in the mainline phase (step 4).</param>
public sealed record ResolvedState(
    IReadOnlyDictionary<StateMapKey, EventId> State,
    int ConflictedEvents,
    int FullConflictedEvents,
    int PowerEventsReplayed,
    int OtherEventsReplayed);
