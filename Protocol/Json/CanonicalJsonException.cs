namespace Tangle.Protocol.Json;

/// <summary>A value that canonical JSON cannot represent, such as a float in a strict encoding.</summary>
public sealed class CanonicalJsonException(string message) : Exception(message);
