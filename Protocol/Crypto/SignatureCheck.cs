namespace Tangle.Protocol.Crypto;

/// <summary>The outcome of checking an entity's signature on a JSON object.</summary>
public enum SignatureOutcome
{
    /// <summary>Every signature by a known, usable key verified, and there was at least one.</summary>
    Valid,

    /// <summary>The object carries no ed25519 signature from the entity.</summary>
    Missing,

    /// <summary>Signatures exist but none is by a key we know and may use; fetch keys and try again.</summary>
    UnknownKey,

    /// <summary>A signature by a known key failed to verify, or was not valid base64.</summary>
    Invalid,
}

/// <summary>The result of a signature check, naming the entity and the keys involved.</summary>
public readonly record struct SignatureCheck(SignatureOutcome Outcome, string Entity, IReadOnlyList<string> KeyIds)
{
    public bool IsValid => Outcome == SignatureOutcome.Valid;

    public override string ToString() => Outcome switch
    {
        SignatureOutcome.Valid => $"valid signature from {Entity}",
        SignatureOutcome.Missing => $"no signature from {Entity}",
        SignatureOutcome.UnknownKey => $"no known key of {Entity} among {string.Join(", ", KeyIds)}",
        _ => $"bad signature from {Entity} ({string.Join(", ", KeyIds)})",
    };
}
