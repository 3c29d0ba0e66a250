using System.Text.Json;
using Tangle.Grains.Matrix;
using Tangle.Grains.Sync;
using Tangle.Protocol.Push;

namespace Tangle.Grains.Accounts;

public sealed partial class AccountGrain
{
    private const string PushRulesType = "m.push_rules";

    private PushRuleset? _defaultPushRules;
    private PushRuleChanges? _pushRuleChanges;

    private PushRuleset DefaultRules => _defaultPushRules ??= DefaultPushRules.RulesetFor(User);

    private PushRuleChanges Changes => _pushRuleChanges ??= PushRuleChanges.Parse(Account.PushRuleChanges);

    public Task<JsonElement> GetPushRulesAsync() => Task.FromResult(Changes.ApplyTo(DefaultRules).ToJson());

    public Task<long> GetPushRulesSerialAsync() => Task.FromResult(Account.PushRulesSerial);

    public Task SetPushRuleAsync(string kind, string ruleId, JsonElement rule, string? before, string? after) =>
        ChangePushRulesAsync(changes => changes.Put(KindOf(kind), ruleId, rule, before, after));

    public Task DeletePushRuleAsync(string kind, string ruleId) =>
        ChangePushRulesAsync(changes => changes.Delete(DefaultRules, KindOf(kind), ruleId));

    public Task SetPushRuleEnabledAsync(string kind, string ruleId, bool enabled) =>
        ChangePushRulesAsync(changes => changes.SetEnabled(DefaultRules, KindOf(kind), ruleId, enabled));

    public Task SetPushRuleActionsAsync(string kind, string ruleId, JsonElement actions) =>
        ChangePushRulesAsync(changes => changes.SetActions(DefaultRules, KindOf(kind), ruleId, actions));

    /// <summary>
    /// Applies a change to a copy, so a refused change leaves nothing behind; then stores it and tells
    /// the user's clients through m.push_rules account data.
    /// </summary>
    private async Task ChangePushRulesAsync(Func<PushRuleChanges, PushRuleError?> change)
    {
        var changed = PushRuleChanges.Parse(Account.PushRuleChanges);
        if (change(changed) is { } error)
            throw Refusal(error);
        var (previousJson, previousSerial, previousDataSerial) = (Account.PushRuleChanges, Account.PushRulesSerial, Account.AccountDataSerial);
        // Rules and serial change together: readers interleave with the write, and a cache must never
        // file old rules under the new serial.
        Account.PushRuleChanges = changed.ToJson();
        Account.PushRulesSerial = ++Account.AccountDataSerial;
        _pushRuleChanges = changed;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            (Account.PushRuleChanges, Account.PushRulesSerial, Account.AccountDataSerial) = (previousJson, previousSerial, previousDataSerial);
            _pushRuleChanges = null;
            throw;
        }

        await GrainFactory.GetGrain<IInboxGrain>(User.Value).NotifyAccountDataAsync(null, PushRulesType);
    }

    private JsonElement PushRulesAccountData() => BuildJson(writer =>
    {
        writer.WriteStartObject();
        writer.WritePropertyName("global");
        Changes.ApplyTo(DefaultRules).WriteTo(writer);
        writer.WriteEndObject();
    });

    private static JsonElement BuildJson(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
            write(writer);
        return JsonDocument.Parse(stream.ToArray()).RootElement.Clone();
    }

    private static PushRuleKind KindOf(string kind) =>
        PushRuleKinds.TryParse(kind, out var parsed) ? parsed : throw MatrixException.InvalidParam($"unknown push rule kind {kind}");

    private static MatrixException Refusal(PushRuleError error) => error.Kind switch
    {
        PushRuleErrorKind.NotFound => MatrixException.NotFound(error.Message),
        PushRuleErrorKind.MissingParam => new MatrixException(ErrCode.MissingParam, error.Message),
        PushRuleErrorKind.BadJson => MatrixException.BadJson(error.Message),
        PushRuleErrorKind.UnknownAnchor => new MatrixException(ErrCode.Unknown, error.Message),
        _ => MatrixException.InvalidParam(error.Message),
    };
}
