using Tangle.Protocol.Auth;
using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Protocol.StateResolution;

/// <summary>
/// The iterative auth checks: apply each event in order if the auth rules allow it against the state
/// built so far, where a key the state lacks is taken from the event's own (non-rejected) auth events.
/// </summary>
internal static class IterativeAuthChecks
{
    public static Dictionary<StateMapKey, EventId> Apply(Dictionary<StateMapKey, EventId> start, List<EventId> sorted,
        IStateEventSource events, Pdu? createEvent)
    {
        var state = new Dictionary<StateMapKey, EventId>(start);
        foreach (var id in sorted)
        {
            var pdu = events.Find(id);
            if (pdu?.StateMapKey is not { } key)
                continue;
            if (AuthRules.Check(pdu, new PartialState(state, pdu, events, createEvent)).IsAllowed)
                state[key] = id;
        }

        return state;
    }

    private sealed class PartialState(Dictionary<StateMapKey, EventId> state, Pdu pdu, IStateEventSource events, Pdu? createEvent) : IAuthState
    {
        public Pdu? Find(string type, string stateKey)
        {
            if (state.TryGetValue(new StateMapKey(type, stateKey), out var id) && events.Find(id) is { } current)
                return current;
            foreach (var authId in pdu.AuthEvents)
            {
                if (events.Find(authId) is { } auth && auth.Type == type && auth.StateKey == stateKey && !events.IsRejected(authId))
                    return auth;
            }

            return type == EventTypes.Create && stateKey.Length == 0 ? createEvent : null;
        }
    }
}
