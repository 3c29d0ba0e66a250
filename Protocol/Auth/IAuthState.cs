using Tangle.Protocol.Events;
using Tangle.Protocol.Rooms;

namespace Tangle.Protocol.Auth;

/// <summary>
/// The state an event is authorised against: the event's own auth events, the state before it, the
/// current state, or a partially resolved state during state resolution. For v12 rooms, whose events
/// do not cite the create event, implementations must still answer for (m.room.create, "").
/// </summary>
public interface IAuthState
{
    /// <summary>The event in this state at (<paramref name="type"/>, <paramref name="stateKey"/>), or null.</summary>
    Pdu? Find(string type, string stateKey);
}

/// <summary>Ready-made <see cref="IAuthState"/>s.</summary>
public static class AuthState
{
    /// <summary>State held as a map from key to event.</summary>
    public static IAuthState From(IReadOnlyDictionary<StateMapKey, Pdu> state) => new MapState(state);

    /// <summary>
    /// The state given by a list of auth events (the first event for each key wins; duplicates are
    /// rejected by the auth events rules anyway), with the room's create event for v12.
    /// </summary>
    public static IAuthState FromEvents(IEnumerable<Pdu> events, Pdu? createEvent = null)
    {
        var map = new Dictionary<StateMapKey, Pdu>();
        foreach (var e in events)
        {
            if (e.StateMapKey is { } key)
                map.TryAdd(key, e);
        }

        if (createEvent is not null)
            map.TryAdd(new StateMapKey(EventTypes.Create, string.Empty), createEvent);
        return new MapState(map);
    }

    private sealed class MapState(IReadOnlyDictionary<StateMapKey, Pdu> state) : IAuthState
    {
        public Pdu? Find(string type, string stateKey) => state.GetValueOrDefault(new StateMapKey(type, stateKey));
    }
}
