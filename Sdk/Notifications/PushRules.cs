using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tangle.Sdk.Notifications;

/// <summary>A push ruleset, by rule kind in evaluation order.</summary>
public sealed record PushRuleset
{
    /// <summary>Override rules, evaluated first.</summary>
    [JsonPropertyName("override")]
    public IReadOnlyList<PushRule> Override { get; init; } = [];

    /// <summary>Content rules, matching message bodies.</summary>
    [JsonPropertyName("content")]
    public IReadOnlyList<PushRule> Content { get; init; } = [];

    /// <summary>Per-room rules.</summary>
    [JsonPropertyName("room")]
    public IReadOnlyList<PushRule> Room { get; init; } = [];

    /// <summary>Per-sender rules.</summary>
    [JsonPropertyName("sender")]
    public IReadOnlyList<PushRule> Sender { get; init; } = [];

    /// <summary>Underride rules, evaluated last.</summary>
    [JsonPropertyName("underride")]
    public IReadOnlyList<PushRule> Underride { get; init; } = [];

    /// <summary>Every rule, in evaluation order.</summary>
    [JsonIgnore]
    public IEnumerable<PushRule> All => Override.Concat(Content).Concat(Room).Concat(Sender).Concat(Underride);
}

/// <summary>One push rule.</summary>
public sealed record PushRule
{
    /// <summary>The rule ID, e.g. <c>.m.rule.master</c>.</summary>
    [JsonPropertyName("rule_id")]
    public string RuleId { get; init; } = "";

    /// <summary>Whether this is a server-default rule.</summary>
    [JsonPropertyName("default")]
    public bool Default { get; init; }

    /// <summary>Whether the rule is enabled.</summary>
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; }

    /// <summary>What to do when the rule matches: strings like <c>notify</c> or <c>set_tweak</c> objects.</summary>
    [JsonPropertyName("actions")]
    public IReadOnlyList<JsonElement> Actions { get; init; } = [];

    /// <summary>For override and underride rules: the conditions, raw.</summary>
    [JsonPropertyName("conditions")]
    public IReadOnlyList<JsonElement>? Conditions { get; init; }

    /// <summary>For content rules: the glob to match the body against.</summary>
    [JsonPropertyName("pattern")]
    public string? Pattern { get; init; }
}

/// <summary>The response of <c>GET /pushrules/</c>.</summary>
internal sealed record PushRulesResponse
{
    [JsonPropertyName("global")]
    public PushRuleset Global { get; init; } = new();
}
