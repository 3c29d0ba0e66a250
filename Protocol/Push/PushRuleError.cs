namespace Tangle.Protocol.Push;

/// <summary>Why a change to a user's push rules was refused; the gateway maps each kind to an errcode.</summary>
public enum PushRuleErrorKind
{
    /// <summary>No such rule (M_NOT_FOUND).</summary>
    NotFound,

    /// <summary>A reserved or malformed rule id, action or condition (M_INVALID_PARAM).</summary>
    InvalidParam,

    /// <summary>A required field is absent (M_MISSING_PARAM).</summary>
    MissingParam,

    /// <summary>A field has the wrong JSON type (M_BAD_JSON).</summary>
    BadJson,

    /// <summary>The rule named by before or after does not exist (M_UNKNOWN, as the specification's example).</summary>
    UnknownAnchor,
}

/// <summary>A refused change to push rules.</summary>
public sealed record PushRuleError(PushRuleErrorKind Kind, string Message);
