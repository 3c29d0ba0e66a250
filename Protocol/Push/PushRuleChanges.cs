using System.Text.Json;

namespace Tangle.Protocol.Push;

/// <summary>
/// A user's changes to the server-default push rules: the rules they defined (per kind, most important
/// first) and the enabled flags and actions they set on server-default rules. Applied to the defaults,
/// user rules rank above the defaults of their kind, except .m.rule.master, which ranks above all.
/// </summary>
public sealed class PushRuleChanges
{
    private const string MasterRule = ".m.rule.master";

    private readonly Dictionary<PushRuleKind, List<PushRule>> _own = PushRuleKinds.InPriorityOrder.ToDictionary(k => k, _ => new List<PushRule>());
    private readonly Dictionary<(PushRuleKind, string), bool> _defaultEnabled = [];
    private readonly Dictionary<(PushRuleKind, string), IReadOnlyList<JsonElement>> _defaultActions = [];

    /// <summary>The rules the user defined of a kind, most important first.</summary>
    public IReadOnlyList<PushRule> Own(PushRuleKind kind) => _own[kind];

    /// <summary>The defaults with the user's changes.</summary>
    public PushRuleset ApplyTo(PushRuleset defaults)
    {
        var merged = new Dictionary<PushRuleKind, IReadOnlyList<PushRule>>();
        foreach (var kind in PushRuleKinds.InPriorityOrder)
        {
            var adjusted = defaults[kind].Select(rule => Adjust(kind, rule)).ToList();
            var first = kind == PushRuleKind.Override ? adjusted.Where(r => r.RuleId == MasterRule).ToList() : [];
            merged[kind] = [.. first, .. _own[kind], .. adjusted.Where(r => !first.Contains(r))];
        }

        return new PushRuleset(merged);
    }

    private PushRule Adjust(PushRuleKind kind, PushRule rule) => rule with
    {
        Enabled = _defaultEnabled.TryGetValue((kind, rule.RuleId), out var enabled) ? enabled : rule.Enabled,
        Actions = _defaultActions.TryGetValue((kind, rule.RuleId), out var actions) ? actions : rule.Actions,
    };

    /// <summary>
    /// PUT /pushrules/global/{kind}/{ruleId}: creates a user rule (enabled, most important of its kind
    /// unless placed with before or after) or replaces one in place, keeping its enabled flag.
    /// </summary>
    public PushRuleError? Put(PushRuleKind kind, string ruleId, JsonElement body, string? before, string? after)
    {
        if (ruleId.StartsWith('.'))
            return new(PushRuleErrorKind.InvalidParam, "rule ids starting with '.' are reserved for server-default rules");
        if (ruleId.Length == 0 || ruleId.Contains('/') || ruleId.Contains('\\'))
            return new(PushRuleErrorKind.InvalidParam, "rule ids must be non-empty and contain no '/' or '\\'");
        if (body.ValueKind != JsonValueKind.Object)
            return new(PushRuleErrorKind.BadJson, "the rule must be a JSON object");
        if (!body.TryGetProperty("actions", out var actionsJson))
            return new(PushRuleErrorKind.MissingParam, "actions is required");
        if (ReadActions(actionsJson) is not { } actions)
            return ActionsError(actionsJson);

        string? pattern = null;
        if (kind == PushRuleKind.Content)
        {
            if (!body.TryGetProperty("pattern", out var patternJson))
                return new(PushRuleErrorKind.MissingParam, "content rules need a pattern");
            if (patternJson.ValueKind != JsonValueKind.String)
                return new(PushRuleErrorKind.BadJson, "pattern must be a string");
            pattern = patternJson.GetString();
        }

        IReadOnlyList<PushCondition>? conditions = null;
        if (kind.HasConditions())
        {
            conditions = [];
            if (body.TryGetProperty("conditions", out var conditionsJson))
            {
                if (conditionsJson.ValueKind != JsonValueKind.Array
                    || conditionsJson.EnumerateArray().Any(c => c.ValueKind != JsonValueKind.Object || !c.TryGetProperty("kind", out var k) || k.ValueKind != JsonValueKind.String))
                    return new(PushRuleErrorKind.BadJson, "conditions must be an array of objects with a string kind");
                conditions = conditionsJson.EnumerateArray().Select(PushCondition.From).OfType<PushCondition>().ToList();
            }
        }

        var rules = _own[kind];
        var existing = rules.FindIndex(r => r.RuleId == ruleId);
        var rule = new PushRule
        {
            RuleId = ruleId,
            Default = false,
            Enabled = existing < 0 || rules[existing].Enabled,
            Conditions = conditions,
            Pattern = pattern,
            Actions = actions,
        };

        var anchor = before ?? after;
        if (anchor is null)
        {
            if (existing >= 0)
                rules[existing] = rule;
            else
                rules.Insert(0, rule);
            return null;
        }

        if (anchor.StartsWith('.'))
            return new(PushRuleErrorKind.InvalidParam, "rules cannot be placed relative to a server-default rule");
        var remaining = rules.Where(r => r.RuleId != ruleId).ToList();
        var at = remaining.FindIndex(r => r.RuleId == anchor);
        if (at < 0)
            return new(PushRuleErrorKind.UnknownAnchor, $"before/after rule not found: {anchor}");
        remaining.Insert(before is not null ? at : at + 1, rule);
        rules.Clear();
        rules.AddRange(remaining);
        return null;
    }

    /// <summary>DELETE: removes a user rule; server-default rules cannot be deleted.</summary>
    public PushRuleError? Delete(PushRuleset defaults, PushRuleKind kind, string ruleId)
    {
        if (defaults.Find(kind, ruleId) is not null)
            return new(PushRuleErrorKind.InvalidParam, "server-default rules cannot be deleted");
        return _own[kind].RemoveAll(r => r.RuleId == ruleId) > 0 ? null : NotFound(kind, ruleId);
    }

    /// <summary>PUT .../enabled, for user and server-default rules alike.</summary>
    public PushRuleError? SetEnabled(PushRuleset defaults, PushRuleKind kind, string ruleId, bool enabled)
    {
        var rules = _own[kind];
        var index = rules.FindIndex(r => r.RuleId == ruleId);
        if (index >= 0)
            rules[index] = rules[index] with { Enabled = enabled };
        else if (defaults.Find(kind, ruleId) is not null)
            _defaultEnabled[(kind, ruleId)] = enabled;
        else
            return NotFound(kind, ruleId);
        return null;
    }

    /// <summary>PUT .../actions, for user and server-default rules alike.</summary>
    public PushRuleError? SetActions(PushRuleset defaults, PushRuleKind kind, string ruleId, JsonElement actionsJson)
    {
        var rules = _own[kind];
        var index = rules.FindIndex(r => r.RuleId == ruleId);
        if (index < 0 && defaults.Find(kind, ruleId) is null)
            return NotFound(kind, ruleId);
        if (ReadActions(actionsJson) is not { } actions)
            return ActionsError(actionsJson);
        if (index >= 0)
            rules[index] = rules[index] with { Actions = actions };
        else
            _defaultActions[(kind, ruleId)] = actions;
        return null;
    }

    /// <summary>
    /// Valid actions with the historical ones stripped, or null. Strings must be "notify" (or a
    /// historical action); objects must name a tweak with a string set_tweak.
    /// </summary>
    public static IReadOnlyList<JsonElement>? ReadActions(JsonElement actions)
    {
        if (actions.ValueKind != JsonValueKind.Array)
            return null;
        var kept = new List<JsonElement>();
        foreach (var action in actions.EnumerateArray())
        {
            if (PushActions.IsHistorical(action))
                continue;
            var valid = action.ValueKind switch
            {
                JsonValueKind.String => action.GetString() == "notify",
                JsonValueKind.Object => action.TryGetProperty("set_tweak", out var tweak) && tweak.ValueKind == JsonValueKind.String,
                _ => false,
            };
            if (!valid)
                return null;
            kept.Add(action.Clone());
        }

        return kept;
    }

    private static PushRuleError ActionsError(JsonElement actions) => actions.ValueKind == JsonValueKind.Array
        ? new(PushRuleErrorKind.InvalidParam, "unknown action: actions are \"notify\" or {\"set_tweak\": ...}")
        : new(PushRuleErrorKind.BadJson, "actions must be an array");

    private static PushRuleError NotFound(PushRuleKind kind, string ruleId) =>
        new(PushRuleErrorKind.NotFound, $"no {kind.Name()} push rule {ruleId}");

    /// <summary>Reads changes stored by <see cref="ToJson"/>; null or empty text means no changes.</summary>
    public static PushRuleChanges Parse(string? json)
    {
        var changes = new PushRuleChanges();
        if (string.IsNullOrEmpty(json))
            return changes;
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        foreach (var kind in PushRuleKinds.InPriorityOrder)
        {
            if (root.TryGetProperty("rules", out var rules) && rules.TryGetProperty(kind.Name(), out var list) && list.ValueKind == JsonValueKind.Array)
                changes._own[kind].AddRange(list.EnumerateArray().Select(PushRule.From).OfType<PushRule>());
            if (!root.TryGetProperty("defaults", out var defaults) || !defaults.TryGetProperty(kind.Name(), out var byId))
                continue;
            foreach (var entry in byId.EnumerateObject())
            {
                if (entry.Value.TryGetProperty("enabled", out var enabled) && enabled.ValueKind is JsonValueKind.True or JsonValueKind.False)
                    changes._defaultEnabled[(kind, entry.Name)] = enabled.GetBoolean();
                if (entry.Value.TryGetProperty("actions", out var actions) && actions.ValueKind == JsonValueKind.Array)
                    changes._defaultActions[(kind, entry.Name)] = actions.EnumerateArray().Select(a => a.Clone()).ToList();
            }
        }

        return changes;
    }

    /// <summary>The changes as compact JSON for storage.</summary>
    public string ToJson() => JsonWriting.ToElement(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartObject("rules");
        foreach (var kind in PushRuleKinds.InPriorityOrder)
        {
            writer.WriteStartArray(kind.Name());
            foreach (var rule in _own[kind])
                rule.WriteTo(writer);
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteStartObject("defaults");
        foreach (var kind in PushRuleKinds.InPriorityOrder)
        {
            writer.WriteStartObject(kind.Name());
            var ids = _defaultEnabled.Keys.Concat(_defaultActions.Keys).Where(k => k.Item1 == kind).Select(k => k.Item2).Distinct().Order(StringComparer.Ordinal);
            foreach (var id in ids)
            {
                writer.WriteStartObject(id);
                if (_defaultEnabled.TryGetValue((kind, id), out var enabled))
                    writer.WriteBoolean("enabled", enabled);
                if (_defaultActions.TryGetValue((kind, id), out var actions))
                    PushRule.WriteActions(writer, actions);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }).GetRawText();
}
