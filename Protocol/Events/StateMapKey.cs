namespace Tangle.Protocol.Events;

/// <summary>The key of a room state map: an event type and a state key.</summary>
public readonly record struct StateMapKey(string Type, string StateKey) : IComparable<StateMapKey>
{
    public int CompareTo(StateMapKey other)
    {
        var byType = string.CompareOrdinal(Type, other.Type);
        return byType != 0 ? byType : string.CompareOrdinal(StateKey, other.StateKey);
    }

    public override string ToString() => $"({Type}, {StateKey})";
}
