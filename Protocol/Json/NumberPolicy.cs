namespace Tangle.Protocol.Json;

/// <summary>Which JSON numbers a parse or an encoding accepts.</summary>
public enum NumberPolicy
{
    /// <summary>
    /// Integers in [-(2^53)+1, (2^53)-1] only, as canonical JSON requires; room versions 6 and later and
    /// every request body.
    /// </summary>
    CanonicalIntegers,

    /// <summary>
    /// Any number: room versions 1 to 5 predate the canonical JSON rules and hold events with large
    /// integers and floats that must still be handled.
    /// </summary>
    Lenient,
}
