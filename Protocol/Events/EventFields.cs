using System.Text.Json;

namespace Tangle.Protocol.Events;

/// <summary>Reads typed top-level fields of an event, remembering the first problem met.</summary>
internal struct EventFields(JsonElement root)
{
    public string? Problem { get; private set; }

    public string? RequiredString(string name)
    {
        if (!root.TryGetProperty(name, out var value))
            return Fail($"{name} is required");
        return value.ValueKind == JsonValueKind.String ? value.GetString() : Fail($"{name} must be a string");
    }

    public string? OptionalString(string name)
    {
        if (!root.TryGetProperty(name, out var value))
            return null;
        return value.ValueKind == JsonValueKind.String ? value.GetString() : Fail($"{name} must be a string");
    }

    public long RequiredInteger(string name)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            Fail($"{name} is required");
            return 0;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            Fail($"{name} must be an integer");
            return 0;
        }

        return number;
    }

    public JsonElement Required(string name, JsonValueKind kind)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            Fail($"{name} is required");
            return default;
        }

        if (value.ValueKind != kind)
        {
            Fail($"{name} must be {(kind == JsonValueKind.Object ? "an object" : kind.ToString().ToLowerInvariant())}");
            return default;
        }

        return value;
    }

    private string? Fail(string problem)
    {
        Problem ??= problem;
        return null;
    }
}
