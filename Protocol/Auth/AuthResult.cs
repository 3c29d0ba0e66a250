namespace Tangle.Protocol.Auth;

/// <summary>The outcome of the authorization rules: allowed, or the rule that rejected the event and why.</summary>
public readonly record struct AuthResult(AuthRule? RejectedBy, string? Reason)
{
    public static AuthResult Allowed => default;

    public bool IsAllowed => RejectedBy is null;

    public static AuthResult Reject(AuthRule rule, string reason) => new(rule, reason);

    public override string ToString() => IsAllowed ? "allowed" : $"rejected by {RejectedBy}: {Reason}";
}
