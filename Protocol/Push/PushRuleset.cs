using System.Text.Json;

namespace Tangle.Protocol.Push;

/// <summary>A user's rules of every kind, each list most important first (the shape of GET /pushrules/global/).</summary>
public sealed class PushRuleset
{
    private readonly Dictionary<PushRuleKind, IReadOnlyList<PushRule>> _rules;

    public PushRuleset(IReadOnlyDictionary<PushRuleKind, IReadOnlyList<PushRule>> rules)
    {
        _rules = PushRuleKinds.InPriorityOrder.ToDictionary(k => k, k => rules.TryGetValue(k, out var list) ? list : []);
    }

    /// <summary>The rules of one kind, most important first.</summary>
    public IReadOnlyList<PushRule> this[PushRuleKind kind] => _rules[kind];

    /// <summary>Every rule in the order evaluation checks them.</summary>
    public IEnumerable<(PushRuleKind Kind, PushRule Rule)> InPriorityOrder() =>
        PushRuleKinds.InPriorityOrder.SelectMany(kind => _rules[kind].Select(rule => (kind, rule)));

    /// <summary>The rule of a kind with an id, or null.</summary>
    public PushRule? Find(PushRuleKind kind, string ruleId) => _rules[kind].FirstOrDefault(r => r.RuleId == ruleId);

    /// <summary>Reads a ruleset leniently: missing kinds are empty; entries that are not rules are skipped.</summary>
    public static PushRuleset Parse(JsonElement json)
    {
        var rules = new Dictionary<PushRuleKind, IReadOnlyList<PushRule>>();
        foreach (var kind in PushRuleKinds.InPriorityOrder)
        {
            rules[kind] = json.ValueKind == JsonValueKind.Object && json.TryGetProperty(kind.Name(), out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(PushRule.From).OfType<PushRule>().ToList()
                : [];
        }

        return new PushRuleset(rules);
    }

    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        foreach (var kind in PushRuleKinds.InPriorityOrder)
        {
            writer.WriteStartArray(kind.Name());
            foreach (var rule in _rules[kind])
                rule.WriteTo(writer);
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    public JsonElement ToJson() => JsonWriting.ToElement(WriteTo);
}
